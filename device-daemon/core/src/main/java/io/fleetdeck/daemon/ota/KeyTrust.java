package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.agent.AdoptionCredentials;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.TrustKeyCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code cmd/trust-key}: the first console to adopt the device has its key trusted, the same key again is
 * fine, any other key is refused with what a technician must delete on the device to adopt it anew.
 */
final class KeyTrust {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final TrustedKeys keys;
    private volatile Optional<AdoptionCredentials> credentials = Optional.empty();

    KeyTrust(DeviceId device, TrustedKeys keys) {
        this.device = device;
        this.keys = keys;
    }

    /** Issues broker credentials with every accepted adoption from now on. */
    void issueCredentials(AdoptionCredentials value) {
        credentials = Optional.of(value);
    }

    CommandResponse answer(CommandRequest request) {
        TrustKeyCommand command;
        try {
            command = TrustKeyCommand.from(request);
        } catch (MalformedPayloadException e) {
            log.warn("{}: refused cmd/trust-key: {}", device, e.getMessage());
            return CommandResponse.failed(e.getMessage());
        }
        try {
            TrustedKeys.Outcome outcome = keys.trust(command.key());
            Map<String, String> data = new LinkedHashMap<>(Map.of("fingerprint", command.fingerprint().value(),
                    "outcome", outcome.name()));
            if (outcome != TrustedKeys.Outcome.REFUSED && credentials.isPresent()) {
                data.putAll(credentials.get().issue(command.fingerprint()));
            }
            return switch (outcome) {
                case ADDED -> CommandResponse.ok("now trusting " + command.fingerprint(), data);
                case ALREADY_TRUSTED -> CommandResponse.ok("already trusting " + command.fingerprint(), data);
                case REFUSED -> {
                    String message = "this device already trusts another key (" + trustedSummary() + "); to adopt it"
                            + " with " + command.fingerprint() + ", delete the .pub files in "
                            + keys.adoptedDirectory() + " on the device, then adopt again";
                    log.warn("{}: refused to trust {}: {}", device, command.fingerprint(), message);
                    yield CommandResponse.failed(message, data);
                }
            };
        } catch (IOException e) {
            log.warn("{}: cannot store trusted key {}: {}", device, command.fingerprint(), e.getMessage(), e);
            return CommandResponse.failed("cannot store the key in " + keys.adoptedDirectory() + ": "
                    + e.getMessage());
        }
    }

    /** Key files that do not parse still block adoption, so the refusal names them rather than an empty list. */
    private String trustedSummary() throws IOException {
        List<String> names = new ArrayList<>();
        keys.all().keySet().forEach(fp -> names.add(fp.value()));
        return names.isEmpty() ? "unreadable key files " + keys.files() : String.join(", ", names);
    }
}
