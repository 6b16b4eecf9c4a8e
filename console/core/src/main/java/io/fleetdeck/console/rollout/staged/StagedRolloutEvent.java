package io.fleetdeck.console.rollout.staged;

import java.util.Objects;

/**
 * Something that happened to a staged rollout that an audit log would keep: started, a stage began, paused (and
 * why), resumed, aborted, done.
 *
 * @param rolloutId the rollout
 * @param kind      what happened
 * @param stage     the stage it happened in, 0-based
 * @param detail    for people: the pause reason, the stage's size and devices, …
 * @param atMs      when
 */
public record StagedRolloutEvent(String rolloutId, Kind kind, int stage, String detail, long atMs) {
    public enum Kind { STARTED, STAGE_STARTED, PAUSED, RESUMED, ABORTED, DONE }

    public StagedRolloutEvent {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
