package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Follows each job through its device's install reports, which move it only along the transitions a device makes.
 * A job the console closed on its own verdict (no answer, cancelled) is reopened by a later report from its device
 * that shows the device went on anyway: the device's own state is the truth.
 */
final class ReportTracker {
    private static final Logger log = LoggerFactory.getLogger(ReportTracker.class);

    private final TrackedJobs jobs;
    private final FleetRegistry registry;
    private final ImageCatalog catalog;
    private final ImageServer images;
    private final Clock clock;
    private final Executor tracker;
    /** Strangers' jobs remembered for logging once; enough for a busy shared broker, bounded for a hostile one. */
    static final int UNKNOWN_JOBS_REMEMBERED = 1_000;

    /**
     * Tracker thread only: a stranger's job is logged once, not on every one of its reports. The oldest is forgotten
     * first, so a broker full of other consoles' jobs cannot grow this without end.
     */
    private final Set<String> unknownJobsLogged = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > UNKNOWN_JOBS_REMEMBERED;
        }
    });

    ReportTracker(TrackedJobs jobs, FleetRegistry registry, ImageCatalog catalog, ImageServer images, Clock clock,
                  Executor tracker) {
        this.jobs = jobs;
        this.registry = registry;
        this.catalog = catalog;
        this.images = images;
        this.clock = clock;
        this.tracker = tracker;
    }

    /** The registry's install listener, so on the ingest thread: hand over, never apply here. */
    void reported(DeviceId device, InstallProgress progress, long nowMs) {
        try {
            tracker.execute(() -> apply(device, progress, nowMs));
        } catch (RejectedExecutionException closed) {
            log.debug("Closed; dropped the install report of {}", device);
        }
    }

    /** On the tracker: applies the reports the registry kept before the listener was in place. */
    void catchUp() {
        for (TrackedJob job : jobs.all()) {
            if (job.job().state().isFinal()) {
                continue;
            }
            registry.device(job.job().device()).flatMap(DeviceSnapshot::install)
                    .filter(report -> report.job().equals(job.job().id()))
                    .ifPresent(report -> apply(job.job().device(), report, clock.millis()));
        }
    }

    private void apply(DeviceId device, InstallProgress report, long nowMs) {
        Optional<TrackedJob> found = jobs.get(report.job());
        if (found.isEmpty()) {
            if (unknownJobsLogged.add(report.job())) {
                log.info("Ignoring install reports of job {} from {}: not a job of this console", report.job(),
                        device);
            }
            return;
        }
        TrackedJob job = found.get();
        if (!job.job().device().equals(device)) {
            log.warn("Ignoring a report of job {} from {}: the job belongs to {}", report.job(), device,
                    job.job().device());
            return;
        }
        InstallState current = job.job().state();
        InstallState next = report.state();
        if (current.isFinal()) {
            if (!reopens(job.job(), next)) {
                if (next != current) {
                    log.debug("Ignoring {} for job {}: it already ended {}", next, job.job().id(), current);
                }
                return;
            }
            log.info("Job {}: {} reports {} after the console gave up on it ({}); taking the device's word",
                    job.job().id(), device, next, job.job().reason());
            if (!next.isFinal() && next.ordinal() < InstallState.REBOOTING.ordinal() && !job.token().isEmpty()) {
                catalog.imageOf(job.job()).ifPresent(image -> images.grant(job.job().id(), job.token(), image));
            }
        } else if (next != current && !current.canMoveTo(next)) {
            log.warn("Ignoring a report of job {} from {}: {} cannot follow {}", report.job(), device, next, current);
            return;
        }
        long total = report.totalBytes() > 0 ? report.totalBytes() : job.job().totalBytes();
        job.heard(nowMs, report.bytes());
        String reason = next.isFinal() && next != InstallState.COMMITTED ? report.reason() : "";
        jobs.update(job, next, report.bytes(), total, reason, nowMs, next != current);
        if (next.isFinal()) {
            jobs.ended(job);
        }
    }

    /** A job the console closed on its own verdict is reopened by a report showing the device went on. */
    private static boolean reopens(RolloutJob job, InstallState next) {
        if (job.state() != InstallState.FAILED) {
            return false;
        }
        Optional<InstallFailure> verdict = InstallFailure.of(job.reason());
        if (verdict.equals(Optional.of(InstallFailure.NO_ANSWER))) {
            return next != InstallState.QUEUED;
        }
        if (verdict.equals(Optional.of(InstallFailure.CANCELLED))) {
            // Cancelling only withdraws the download; a device already past it may still reboot and commit.
            return next == InstallState.REBOOTING || next == InstallState.HEALTH_CHECK
                    || next == InstallState.COMMITTED || next == InstallState.ROLLED_BACK;
        }
        return false;
    }
}
