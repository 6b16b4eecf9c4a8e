package io.fleetdeck.daemon.ota;

import java.io.IOException;
import java.util.Objects;

/**
 * The highest security version this device has committed, which no release below it may replace unless the signed
 * install allows a downgrade ({@code ROLLBACK} otherwise). Each slot's level is recorded with its version
 * ({@link SlotVersions}) before it is marked for trial; the committed slot's level is folded into a floor that only
 * rises, and that is done before an admission lets anything overwrite the other slot, so the floor outlives the slot.
 */
final class AntiRollback {
    private final SlotStore slots;
    private final SlotVersions versions;

    AntiRollback(SlotStore slots, SlotVersions versions) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    /** The highest committed security version, the committed slot's included (persisted when it raised the floor). */
    int level() throws IOException {
        int floor = versions.securityFloor();
        int committed = versions.securityVersion(slots.state().committed());
        if (committed > floor) {
            versions.raiseSecurityFloor(committed);
            return committed;
        }
        return floor;
    }
}
