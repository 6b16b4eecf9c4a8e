package io.fleetdeck.daemon.gpio;

import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageVerificationException;

import java.io.IOException;

/** The operator-signature check a command passes before it may touch a pin: {@code CommandGuard::check}. */
@FunctionalInterface
public interface SignatureCheck {
    /**
     * @return the verified signature
     * @throws MessageVerificationException unsigned, unknown key, bad signature, expired or replayed
     * @throws IOException                  the trusted keys cannot be read
     */
    MessageSignature check(MessageEnvelope message) throws MessageVerificationException, IOException;
}
