package io.fleetdeck.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a firmware install stands, as both sides report it, in the order of the protocol. Phases may be skipped
 * (writing overlaps downloading when the image streams into the slot) but never revisited. {@link #COMMITTED},
 * {@link #FAILED} and {@link #ROLLED_BACK} are final.
 */
public enum InstallState {
    QUEUED, DOWNLOADING, VERIFYING, WRITING, REBOOTING, HEALTH_CHECK, COMMITTED, FAILED, ROLLED_BACK;

    /** True for the states an install ends in. */
    public boolean isFinal() {
        return this == COMMITTED || this == FAILED || this == ROLLED_BACK;
    }

    /**
     * Whether a report may move an install from this state to {@code next}: forward through the phases, to COMMITTED
     * only from HEALTH_CHECK, to FAILED from any unfinished one, to ROLLED_BACK only once the new slot was booted.
     * Anything else is a protocol error.
     */
    public boolean canMoveTo(InstallState next) {
        if (isFinal()) {
            return false;
        }
        if (next == FAILED) {
            return true;
        }
        if (next == ROLLED_BACK) {
            return this == REBOOTING || this == HEALTH_CHECK;
        }
        if (next == COMMITTED) {
            return this == HEALTH_CHECK;
        }
        return PHASES.contains(next) && next.ordinal() > ordinal();
    }

    private static final Set<InstallState> PHASES = EnumSet.range(QUEUED, HEALTH_CHECK);
}
