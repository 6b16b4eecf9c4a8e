package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SlotStore#boot()} decided for this start of the daemon.
 *
 * @param slot       the slot now running
 * @param trying     true when it runs on trial and must be committed or it is rolled back on the next start
 * @param rolledBack   why the previous trial was abandoned on this start, if it was
 * @param rebootNeeded the slot that really runs is not {@code slot}: a trial abandoned in this very boot still runs
 *                     (the daemon restarted between the rollback and the reboot), so the device must reboot normally
 */
public record BootResult(Slot slot, boolean trying, Optional<String> rolledBack, boolean rebootNeeded) {
    public BootResult {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(rolledBack, "rolledBack");
        if (rebootNeeded && trying) {
            throw new IllegalArgumentException("a trial that runs needs no reboot to be left");
        }
    }

    /** A boot that runs {@code slot} itself. */
    public BootResult(Slot slot, boolean trying, Optional<String> rolledBack) {
        this(slot, trying, rolledBack, false);
    }
}
