package io.fleetdeck.console.rollout.staged;

/** One target device within a staged rollout. */
public enum MemberState {
    /** Waiting for its stage, or for a free install slot in it. */
    PENDING,
    /** Being pre-flighted and sent cmd/install; counts against the concurrency limit. */
    LAUNCHING,
    /** Its job runs; counts against the concurrency limit until the job ends. */
    INSTALLING,
    /** Its job committed the new firmware. */
    COMMITTED,
    /** Its job failed or rolled back, or the install could not be started; counts against the threshold. */
    FAILED,
    /** Never installed: refused by pre-flight (e.g. already on that version), left the targets, or aborted. */
    SKIPPED;

    public boolean isFinal() {
        return this == COMMITTED || this == FAILED || this == SKIPPED;
    }

    /** Whether it holds one of the rollout's install slots. */
    public boolean isActive() {
        return this == LAUNCHING || this == INSTALLING;
    }
}
