package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.InstallFailure;

/**
 * The firmware side of {@link CommandHandler}: {@code cmd/trust-key}, {@code cmd/preflight} and {@code cmd/install}.
 * Each answers at once; an install goes on in the background and reports on the {@code install} topic.
 */
public interface FirmwareCommands {
    /** A device that takes no updates: every firmware command is refused, naming why. */
    FirmwareCommands NONE = new FirmwareCommands() {
        @Override
        public CommandResponse trustKey(CommandRequest request) {
            return CommandResponse.failed("this device takes no firmware updates");
        }

        @Override
        public CommandResponse preflight(CommandRequest request) {
            return CommandResponse.refused(InstallFailure.BAD_REQUEST, "this device takes no firmware updates");
        }

        @Override
        public CommandResponse install(CommandRequest request) {
            return preflight(request);
        }
    };

    CommandResponse trustKey(CommandRequest request);

    CommandResponse preflight(CommandRequest request);

    CommandResponse install(CommandRequest request);
}
