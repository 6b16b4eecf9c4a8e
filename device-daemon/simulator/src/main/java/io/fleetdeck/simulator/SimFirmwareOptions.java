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
 */
public record SimFirmwareOptions(Optional<Path> stateRoot, long slotCapacity, OtaSettings ota) {
    public static final long DEFAULT_SLOT_CAPACITY = 512L << 20;

    public SimFirmwareOptions {
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(ota, "ota");
        if (slotCapacity <= 0) {
            throw new IllegalArgumentException("slot capacity must be positive: " + slotCapacity);
        }
    }

    public static SimFirmwareOptions defaults() {
        return new SimFirmwareOptions(Optional.empty(), DEFAULT_SLOT_CAPACITY, OtaSettings.defaults());
    }

    public SimFirmwareOptions withStateRoot(Path root) {
        return new SimFirmwareOptions(Optional.of(root), slotCapacity, ota);
    }

    public SimFirmwareOptions withOta(OtaSettings settings) {
        return new SimFirmwareOptions(stateRoot, slotCapacity, settings);
    }

    public SimFirmwareOptions withSlotCapacity(long capacity) {
        return new SimFirmwareOptions(stateRoot, capacity, ota);
    }
}
