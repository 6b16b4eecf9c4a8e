package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.SignatureDomain;

import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Signs the console's commands with the operator key: the four {@code fd-*} user properties over the topic (device
 * and command) and the exact payload bytes, valid for {@link MessageSignatures#LIFETIME} from now, with a fresh
 * random nonce each. Devices carry out install, preflight and cancel only when this verifies.
 */
public final class CommandSigner {
    private final KeyPair operator;
    private final Clock clock;
    private final MessageSignatures signatures = new MessageSignatures(SignatureDomain.COMMAND);

    public CommandSigner(KeyPair operator, Clock clock) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The user properties for {@code payload} published on {@code topic}. */
    public Map<String, String> sign(String topic, byte[] payload) {
        return signatures.sign(topic, payload, operator, clock.millis()).toProperties();
    }
}
