package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.agent.AdoptionCredentials;
import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PairingCode;
import io.fleetdeck.model.TrustKeyCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Answers {@code cmd/trust-key} (adoption) so that nobody but the operator can adopt the device:
 * <ul>
 *   <li>every offer must be signed by the key it offers, for this device ({@code BAD_SIGNATURE});</li>
 *   <li>a key the device already trusts (adopted earlier, or provisioned with the image) is taken on that signature
 *       ({@code ALREADY_TRUSTED});</li>
 *   <li>a device that trusts no key takes one only with a proof of its {@link PairingCode}, which only its log and
 *       {@code fleetdeckd status} show ({@code CODE_REQUIRED}, {@code WRONG_CODE}, {@code PAIRING_LOCKED} after five
 *       wrong proofs in ten minutes);</li>
 *   <li>any other key is refused with what a technician must delete on the device to adopt it anew.</li>
 * </ul>
 * An accepted offer also pins the console ({@link AdoptedConsole}), so the daemon follows no other console's mDNS
 * announcement from then on. A refusal changes nothing on the device.
 */
final class KeyTrust {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final TrustedKeys keys;
    private final PairingState pairing;
    private final Path stateDir;
    private volatile Optional<AdoptionCredentials> credentials = Optional.empty();

    KeyTrust(DeviceId device, TrustedKeys keys, Path stateDir, LongSupplier clock) {
        this.device = device;
        this.keys = keys;
        this.pairing = new PairingState(stateDir, clock);
        this.stateDir = stateDir;
    }

    /** Issues broker credentials with every accepted adoption from now on. */
    void issueCredentials(AdoptionCredentials value) {
        credentials = Optional.of(value);
    }

    /**
     * The pairing code while the device trusts no key (made on first call), for the log at start and {@code status};
     * empty once a console adopted it.
     */
    Optional<PairingCode> pairingCode() throws IOException {
        return keys.files().isEmpty() ? Optional.of(pairing.code()) : Optional.empty();
    }

    synchronized CommandResponse answer(CommandRequest request) {
        TrustKeyCommand command;
        try {
            command = TrustKeyCommand.from(request);
        } catch (MalformedPayloadException e) {
            log.warn("{}: refused cmd/trust-key: {}", device, e.getMessage());
            return CommandResponse.failed(e.getMessage());
        }
        KeyFingerprint offered = command.fingerprint();
        if (!command.signedFor(device)) {
            return refuse(offered, "BAD_SIGNATURE", "the offer is not signed by the key it offers, for " + device);
        }
        try {
            Map<KeyFingerprint, ?> trusted = keys.all();
            if (trusted.containsKey(offered)) {
                return accept(command, TrustedKeys.Outcome.ALREADY_TRUSTED, "already trusting " + offered);
            }
            if (!keys.files().isEmpty()) {
                String message = "this device already trusts another key (" + trustedSummary() + "); to adopt it"
                        + " with " + offered + ", delete the .pub files in " + keys.adoptedDirectory()
                        + " on the device, then adopt again with the pairing code it then shows";
                log.warn("{}: refused to trust {}: {}", device, offered, message);
                return CommandResponse.failed(message, outcome(offered, TrustedKeys.Outcome.REFUSED, "REFUSED"));
            }
            if (!pairing.lockedFor().isZero()) {
                return refuse(offered, "PAIRING_LOCKED", "too many wrong pairing codes; pairing opens again in "
                        + Math.max(1, pairing.lockedFor().toSeconds()) + " s");
            }
            if (!command.hasProof()) {
                return refuse(offered, "CODE_REQUIRED", "this device trusts no console yet: adopt it with the"
                        + " pairing code in its log or in `fleetdeckd status`");
            }
            if (!command.proves(device, pairing.code())) {
                boolean locked = pairing.wrongProof();
                return refuse(offered, "WRONG_CODE", "the pairing code does not match this device's"
                        + (locked ? "; pairing is locked for " + PairingState.WINDOW.toMinutes() + " minutes" : ""));
            }
            TrustedKeys.Outcome outcome = keys.trust(command.key());
            if (outcome != TrustedKeys.Outcome.ADDED) {
                return CommandResponse.failed("the key store changed meanwhile (" + outcome + "); adopt again");
            }
            pairing.consumed();
            return accept(command, outcome, "now trusting " + offered);
        } catch (IOException e) {
            log.warn("{}: cannot store trusted key {}: {}", device, offered, e.getMessage(), e);
            return CommandResponse.failed("cannot store the key in " + keys.adoptedDirectory() + ": "
                    + e.getMessage());
        }
    }

    /** Pins the console (its id and key) for mDNS, then hands over the broker credentials. */
    private CommandResponse accept(TrustKeyCommand command, TrustedKeys.Outcome outcome, String message)
            throws IOException {
        KeyFingerprint offered = command.fingerprint();
        new AdoptedConsole(command.console(), offered).save(stateDir);
        Map<String, String> data = outcome(offered, outcome, "");
        if (credentials.isPresent()) {
            data.putAll(credentials.get().issue(offered));
        }
        return CommandResponse.ok(message, data);
    }

    private CommandResponse refuse(KeyFingerprint offered, String reason, String detail) {
        String message = reason + ": " + detail;
        log.warn("{}: refused cmd/trust-key for {}: {}", device, offered, message);
        return CommandResponse.failed(message, outcome(offered, TrustedKeys.Outcome.REFUSED, reason));
    }

    private static Map<String, String> outcome(KeyFingerprint offered, TrustedKeys.Outcome outcome, String reason) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("fingerprint", offered.value());
        data.put("outcome", outcome.name());
        if (!reason.isEmpty()) {
            data.put("reason", reason);
        }
        return data;
    }

    /** Key files that do not parse still block adoption, so the refusal names them rather than an empty list. */
    private String trustedSummary() throws IOException {
        List<String> names = new ArrayList<>();
        keys.all().keySet().forEach(fp -> names.add(fp.value()));
        return names.isEmpty() ? "unreadable key files " + keys.files() : String.join(", ", names);
    }
}
