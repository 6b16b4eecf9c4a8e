package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.MessageEnvelope;

/**
 * The firmware side of {@link CommandHandler}: {@code cmd/trust-key}, {@code cmd/preflight} and {@code cmd/install}.
 * Each answers at once; an install goes on in the background and reports on the {@code install} topic. Preflight and
 * install get the message as received too, since they run only when it carries a valid operator signature.
 */
public interface FirmwareCommands {
    /** A device that takes no updates: every firmware command is refused, naming why. */
    FirmwareCommands NONE = new FirmwareCommands() {
        @Override
        public CommandResponse trustKey(CommandRequest request) {
            return CommandResponse.failed("this device takes no firmware updates");
        }

        @Override
        public CommandResponse preflight(CommandRequest request, MessageEnvelope message) {
            return CommandResponse.refused(InstallFailure.BAD_REQUEST, "this device takes no firmware updates");
        }

        @Override
        public CommandResponse install(CommandRequest request, MessageEnvelope message) {
            return preflight(request, message);
        }
    };

    CommandResponse trustKey(CommandRequest request);

    /**
     * {@code cmd/trust-key} with the message as received, for an adoption that checks a signature; by default the
     * message is not looked at ({@link #trustKey(CommandRequest)}).
     */
    default CommandResponse trustKey(CommandRequest request, MessageEnvelope message) {
        return trustKey(request);
    }

    /** @param message the request as received, whose signature is checked before anything else */
    CommandResponse preflight(CommandRequest request, MessageEnvelope message);

    /** @param message the request as received, whose signature is checked before anything else */
    CommandResponse install(CommandRequest request, MessageEnvelope message);
}
