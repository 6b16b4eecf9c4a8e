package io.fleetdeck.console.rollout;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Fails unfinished jobs whose device went quiet, with {@code NO_ANSWER}: after {@link RolloutSettings#silence()}
 * without a report, or after {@link #ANSWER_GRACE} when cmd/install itself went unanswered and no report followed.
 * Runs on the tracker thread, every {@link RolloutSettings#watchdogPeriod()}.
 */
final class SilenceWatchdog {
    /** How long a job whose cmd/install went unanswered keeps its download open for a late answer or report. */
    static final Duration ANSWER_GRACE = Duration.ofSeconds(60);

    private final TrackedJobs jobs;
    private final FleetRegistry registry;
    private final Clock clock;
    private final RolloutSettings settings;

    SilenceWatchdog(TrackedJobs jobs, FleetRegistry registry, Clock clock, RolloutSettings settings) {
        this.jobs = jobs;
        this.registry = registry;
        this.clock = clock;
        this.settings = settings;
    }

    void check() {
        long now = clock.millis();
        long silence = settings.silence().toMillis();
        for (TrackedJob job : jobs.all()) {
            if (job.job().state().isFinal()) {
                continue;
            }
            Optional<String> unanswered = job.unanswered();
            if (unanswered.isPresent() && job.job().state() == InstallState.QUEUED
                    && now - job.unansweredSinceMs() >= ANSWER_GRACE.toMillis()) {
                jobs.fail(job, InstallFailure.NO_ANSWER.describe(unanswered.get() + ", and no install report "
                        + "followed within " + ANSWER_GRACE.toSeconds() + " s"));
                continue;
            }
            if (now - job.lastHeardMs() < silence) {
                continue;
            }
            String where = registry.device(job.job().device()).map(DeviceSnapshot::presence)
                    .filter(presence -> presence == PresenceState.ONLINE).isPresent()
                    ? "online but sent no install report" : "offline";
            jobs.fail(job, InstallFailure.NO_ANSWER.describe(where + " for " + settings.silence().toMinutes()
                    + " min while " + job.job().state()));
        }
    }
}
