package io.fleetdeck.console.trust;

import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.console.mqtt.DeviceDidNotAnswerException;
import io.fleetdeck.model.AdoptionAnswer;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PairingCode;
import io.fleetdeck.model.TrustKeyCommand;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Offers the console's operator key to a device ({@code cmd/trust-key}), signed, with a proof of the pairing code the
 * operator typed when there is one, and checks the device's answer: it must carry the device's broker password signed
 * by the very key the device announces, so nobody answering in its name can plant a password or a key.
 */
public final class KeyInstaller {
    private final DeviceCommands commands;
    private final String consoleId;
    private final KeyPair operatorKey;
    private final SecureRandom random = new SecureRandom();

    public KeyInstaller(DeviceCommands commands, String consoleId, KeyPair operatorKey) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.consoleId = Objects.requireNonNull(consoleId, "consoleId");
        this.operatorKey = Objects.requireNonNull(operatorKey, "operatorKey");
    }

    /** The fingerprint of the key this installer offers. */
    public KeyFingerprint fingerprint() {
        return KeyFingerprint.of(operatorKey.getPublic());
    }

    /**
     * Offers the key to {@code device}, whose announced key is {@code announced}.
     *
     * @return completes with the device's verified answer once it trusts the key; exceptionally with an
     *         {@link AdoptionException} carrying the device's reason, or saying that it did not answer or that the
     *         answer does not come from the announced key
     */
    public CompletableFuture<AcceptedOffer> install(DeviceId device, KeyFingerprint announced,
                                                     Optional<PairingCode> code) {
        return install(device, Optional.of(announced), code);
    }

    /**
     * As {@link #install(DeviceId, KeyFingerprint, Optional)}, for a caller that knows no announced key (the
     * {@code deploy} command has no mDNS): the answer must be signed by the key it carries, which the caller then
     * shows the operator to compare with the device.
     */
    public CompletableFuture<AcceptedOffer> install(DeviceId device, Optional<KeyFingerprint> announced,
                                                     Optional<PairingCode> code) {
        TrustKeyCommand offer = TrustKeyCommand.offer(device, consoleId, operatorKey, code, random);
        return commands.send(device, Commands.TRUST_KEY, offer.toRequest()).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof DeviceDidNotAnswerException silent) {
                    throw new AdoptionException(device, "it did not answer cmd/trust-key in "
                            + silent.timeout().toSeconds()
                            + " s, so it may not trust this console's key; is it online and running fleetdeckd?");
                }
                throw new AdoptionException(device, "cannot send it this console's key: " + cause.getMessage());
            }
            if (!answer.ok()) {
                throw new AdoptionException(device, "it refused this console's key: " + refusal(answer));
            }
            return verified(device, announced, answer);
        });
    }

    private AcceptedOffer verified(DeviceId device, Optional<KeyFingerprint> announced, CommandResponse response) {
        AdoptionAnswer answer;
        try {
            answer = AdoptionAnswer.from(response.data());
        } catch (MalformedPayloadException e) {
            throw new AdoptionException(device, "its answer carries no signed broker password (" + e.getMessage()
                    + "); is its fleetdeckd older than this console?");
        }
        if (announced.isPresent() && !answer.fingerprint().equals(announced.get())) {
            throw new AdoptionException(device, "the answer comes from key " + answer.fingerprint()
                    + ", not from the key " + announced.get() + " it announces; something else may be answering in"
                    + " its name, so nothing was pinned");
        }
        if (!answer.verifies(device, fingerprint())) {
            throw new AdoptionException(device, "the signature on its answer does not verify with its key "
                    + answer.fingerprint() + "; nothing was pinned");
        }
        return new AcceptedOffer(answer, "true".equals(response.data().get(AdoptionAnswer.RECONNECTS)));
    }

    private static String refusal(CommandResponse answer) {
        String code = answer.data().getOrDefault(Commands.REASON, "");
        return (code.isEmpty() || answer.message().startsWith(code) ? "" : code + ": ") + answer.message();
    }
}
