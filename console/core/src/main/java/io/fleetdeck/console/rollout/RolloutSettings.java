package io.fleetdeck.console.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How the rollout service follows its jobs.
 *
 * @param silence         a job that has heard nothing from its device for this long, while unfinished, fails with
 *                        {@code NO_ANSWER}
 * @param watchdogPeriod  how often unfinished jobs are checked for silence
 * @param requireAdoption whether pre-flight refuses a device whose key the operator has not pinned (the window adopts
 *                        devices; the deploy command has no mDNS and leaves the key check to the device)
 * @param remembered      how many of the newest jobs are loaded from the job table at start
 */
public record RolloutSettings(Duration silence, Duration watchdogPeriod, boolean requireAdoption, int remembered) {
    public RolloutSettings {
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(watchdogPeriod, "watchdogPeriod");
        if (silence.isNegative() || silence.isZero() || watchdogPeriod.isNegative() || watchdogPeriod.isZero()) {
            throw new IllegalArgumentException("silence and watchdog period must be positive");
        }
        if (remembered < 1) {
            throw new IllegalArgumentException("remembered must be positive: " + remembered);
        }
    }

    /** The window's: ten minutes of silence, adoption required, the newest thousand jobs. */
    public static RolloutSettings defaults() {
        return new RolloutSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), true, 1_000);
    }

    public RolloutSettings withSilence(Duration value) {
        return new RolloutSettings(value, watchdogPeriod, requireAdoption, remembered);
    }

    public RolloutSettings withWatchdogPeriod(Duration value) {
        return new RolloutSettings(silence, value, requireAdoption, remembered);
    }

    public RolloutSettings withRequireAdoption(boolean value) {
        return new RolloutSettings(silence, watchdogPeriod, value, remembered);
    }
}
