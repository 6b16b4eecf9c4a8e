package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.util.Objects;

/**
 * What this start of the daemon runs: the slot {@link SlotStore#boot()} chose and the version recorded for it.
 *
 * @param boot    the slot store's decision, including whether the slot is on trial or a trial was abandoned
 * @param version the version the slot holds; the factory version for a slot never written by an update
 */
public record RunningFirmware(BootResult boot, String version) {
    public RunningFirmware {
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(version, "version");
    }

    /** Boots the slot store (once per start: it counts trial boots) and looks up the version of the slot it chose. */
    public static RunningFirmware boot(SlotStore slots, SlotVersions versions, String factoryVersion)
            throws IOException {
        BootResult boot = slots.boot();
        return new RunningFirmware(boot, versions.of(boot.slot()).orElse(factoryVersion));
    }

    public Slot slot() {
        return boot.slot();
    }

    /** The slot as the protocol names it in {@code info}. */
    public io.fleetdeck.model.Slot wireSlot() {
        return io.fleetdeck.model.Slot.valueOf(boot.slot().name());
    }
}
