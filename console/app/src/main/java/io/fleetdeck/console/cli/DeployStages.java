package io.fleetdeck.console.cli;

import io.fleetdeck.console.rollout.staged.FailureThreshold;
import io.fleetdeck.console.rollout.staged.StagePlan;

import java.util.Objects;

/**
 * A staged deploy as {@code --stages}, {@code --max-parallel} and {@code --max-failures} asked for it.
 *
 * @param stages      the stages, e.g. {@code 1,10%,rest}
 * @param maxParallel at most this many installs at once
 * @param threshold   failures tolerated before the rollout pauses
 */
record DeployStages(StagePlan stages, int maxParallel, FailureThreshold threshold) {
    DeployStages {
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(threshold, "threshold");
    }
}
