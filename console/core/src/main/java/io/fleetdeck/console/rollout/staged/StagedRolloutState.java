package io.fleetdeck.console.rollout.staged;

/** Where a staged rollout stands. */
public enum StagedRolloutState {
    /** Starting installs stage by stage. */
    RUNNING,
    /** Stopped starting installs because failures passed the threshold; waits for the operator's resume or abort. */
    PAUSED,
    /** The operator stopped it; installs not yet started never will be. */
    ABORTED,
    /** Every stage ended. */
    DONE;

    public boolean isFinal() {
        return this == ABORTED || this == DONE;
    }
}
