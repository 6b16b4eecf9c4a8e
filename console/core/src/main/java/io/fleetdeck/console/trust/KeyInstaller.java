package io.fleetdeck.console.trust;

import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.console.mqtt.DeviceDidNotAnswerException;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.TrustKeyCommand;

import java.security.PublicKey;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Installs the console's operator key on a device ({@code cmd/trust-key}), so the device accepts releases this
 * console signs. A device takes the first key it is offered and the same key again, and refuses any other.
 */
public final class KeyInstaller {
    private final DeviceCommands commands;
    private final TrustKeyCommand command;

    public KeyInstaller(DeviceCommands commands, PublicKey operatorKey) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.command = new TrustKeyCommand(operatorKey);
    }

    /** The fingerprint of the key this installer offers. */
    public KeyFingerprint fingerprint() {
        return command.fingerprint();
    }

    /**
     * Offers the key to {@code device}.
     *
     * @return completes with the key's fingerprint once the device trusts it; exceptionally with an
     *         {@link AdoptionException} carrying the device's reason, or saying that it did not answer
     */
    public CompletableFuture<KeyFingerprint> install(DeviceId device) {
        return commands.send(device, Commands.TRUST_KEY, command.toRequest()).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof DeviceDidNotAnswerException) {
                    throw new AdoptionException(device, "it did not answer cmd/trust-key in "
                            + ((DeviceDidNotAnswerException) cause).timeout().toSeconds()
                            + " s, so it may not trust this console's key; is it online and running fleetdeckd?");
                }
                throw new AdoptionException(device, "cannot send it this console's key: " + cause.getMessage());
            }
            if (!answer.ok()) {
                String code = answer.data().getOrDefault(Commands.REASON, "");
                throw new AdoptionException(device, "it refused this console's key: "
                        + (code.isEmpty() || answer.message().startsWith(code) ? "" : code + ": ")
                        + answer.message());
            }
            return command.fingerprint();
        });
    }
}
