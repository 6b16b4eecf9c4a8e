package io.fleetdeck.daemon.ota;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SlotStore#boot()} decided for this start of the daemon.
 *
 * @param slot       the slot now running
 * @param trying     true when it runs on trial and must be committed or it is rolled back on the next start
 * @param rolledBack why the previous trial was abandoned on this start, if it was
 */
public record BootResult(Slot slot, boolean trying, Optional<String> rolledBack) {
    public BootResult {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(rolledBack, "rolledBack");
    }
}
