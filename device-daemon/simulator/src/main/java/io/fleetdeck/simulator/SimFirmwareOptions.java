package io.fleetdeck.simulator;

import io.fleetdeck.daemon.ota.OtaSettings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the virtual devices of a fleet take firmware updates.
 *
 * @param stateRoot    each device keeps slots, trusted keys, job and key in {@code stateRoot/<id>/}; empty: a temporary
 *                     directory for the fleet's lifetime, deleted when it closes
 * @param slotCapacity bytes each slot may hold (slot files are sparse: only what is written takes space)
 * @param ota          download and health-check settings
 * @param provisionedKeys console keys every device trusts from the start, as if its image carried them
 *                     ({@code ota.trusted-keys-dir}): such devices are adopted without a pairing code
 */
public record SimFirmwareOptions(Optional<Path> stateRoot, long slotCapacity, OtaSettings ota,
                                 Optional<Path> provisionedKeys) {
    public static final long DEFAULT_SLOT_CAPACITY = 512L << 20;

    public SimFirmwareOptions {
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(ota, "ota");
        Objects.requireNonNull(provisionedKeys, "provisionedKeys");
        if (slotCapacity <= 0) {
            throw new IllegalArgumentException("slot capacity must be positive: " + slotCapacity);
        }
    }

    public SimFirmwareOptions(Optional<Path> stateRoot, long slotCapacity, OtaSettings ota) {
        this(stateRoot, slotCapacity, ota, Optional.empty());
    }

    public static SimFirmwareOptions defaults() {
        return new SimFirmwareOptions(Optional.empty(), DEFAULT_SLOT_CAPACITY, OtaSettings.defaults());
    }

    public SimFirmwareOptions withProvisionedKeys(Path directory) {
        return new SimFirmwareOptions(stateRoot, slotCapacity, ota, Optional.of(directory));
    }

    public SimFirmwareOptions withStateRoot(Path root) {
        return new SimFirmwareOptions(Optional.of(root), slotCapacity, ota, provisionedKeys);
    }

    public SimFirmwareOptions withOta(OtaSettings settings) {
        return new SimFirmwareOptions(stateRoot, slotCapacity, settings, provisionedKeys);
    }

    public SimFirmwareOptions withSlotCapacity(long capacity) {
        return new SimFirmwareOptions(stateRoot, capacity, ota, provisionedKeys);
    }
}
