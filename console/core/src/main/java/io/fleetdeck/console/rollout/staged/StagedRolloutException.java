package io.fleetdeck.console.rollout.staged;

/** A staged rollout could not be started, resumed or aborted; carries the rollout id (or the image's, at start). */
public final class StagedRolloutException extends RuntimeException {
    private final String rolloutId;

    public StagedRolloutException(String rolloutId, String message) {
        super(rolloutId + ": " + message);
        this.rolloutId = rolloutId;
    }

    public String rolloutId() {
        return rolloutId;
    }
}
