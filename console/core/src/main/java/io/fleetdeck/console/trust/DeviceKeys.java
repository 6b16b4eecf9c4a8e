package io.fleetdeck.console.trust;

import io.fleetdeck.model.DeviceId;

import java.security.PublicKey;
import java.util.Optional;

/**
 * The public key the operator pinned for each adopted device: what the device's signed install reports and command
 * answers are checked against. A device without one is not adopted, so none of its install reports is believed.
 */
@FunctionalInterface
public interface DeviceKeys {
    /** The pinned Ed25519 public key of {@code device}; empty when it is not adopted (or was adopted by fingerprint only). */
    Optional<PublicKey> pinnedKey(DeviceId device);
}
