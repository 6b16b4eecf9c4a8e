package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.rollout.ReleaseOptions;

import java.util.Objects;

/**
 * What the operator asked for: which image, for which devices, in which stages, how many installs at once, and how
 * many failures before the rollout pauses.
 *
 * @param imageId     the library image to install
 * @param release     version, security version and downgrade permission, as for a plain rollout
 * @param targets     the devices, asked again at each stage start (a group can stand behind it)
 * @param stages      the stages, the last one {@code rest}
 * @param maxParallel at most this many installs of this rollout run at once
 * @param threshold   failures tolerated before the rollout pauses
 */
public record StagedRolloutRequest(long imageId, ReleaseOptions release, RolloutTargets targets, StagePlan stages,
                                   int maxParallel, FailureThreshold threshold) {
    public StagedRolloutRequest {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(threshold, "threshold");
        if (maxParallel < 1) {
            throw new StagePlanException(Integer.toString(maxParallel), "at least one install must be allowed at once");
        }
    }
}
