package io.fleetdeck.console.trust;

import io.fleetdeck.model.DeviceId;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link DeviceKeys} held in memory: for tests, and for a short-lived client told the keys up front. */
public final class InMemoryDeviceKeys implements DeviceKeys {
    private final Map<DeviceId, PublicKey> keys = new ConcurrentHashMap<>();

    /** Pins {@code key} for {@code device}, replacing any earlier one. */
    public InMemoryDeviceKeys pin(DeviceId device, PublicKey key) {
        keys.put(Objects.requireNonNull(device, "device"), Objects.requireNonNull(key, "key"));
        return this;
    }

    @Override
    public Optional<PublicKey> pinnedKey(DeviceId device) {
        return Optional.ofNullable(keys.get(device));
    }
}
