package io.fleetdeck.console.rollout;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Cancels a job on the operator's word. Cancelling only withdraws the download, so a job whose device is already
 * rebooting or checking its health cannot be stopped from here and is left to end.
 */
final class JobCanceller {
    private static final Logger log = LoggerFactory.getLogger(JobCanceller.class);

    private final TrackedJobs jobs;
    private final Executor tracker;
    private final AuditLog audit;

    JobCanceller(TrackedJobs jobs, Executor tracker, AuditLog audit) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.audit = audit;
    }

    /** From any thread; the cancel itself runs on the tracker, in order with the job's reports. */
    void cancel(String jobId) {
        tracker.execute(() -> cancelNow(jobId));
    }

    private void cancelNow(String jobId) {
        Optional<TrackedJob> found = jobs.get(jobId);
        if (found.isEmpty() || found.get().job().state().isFinal()) {
            String why = found.isEmpty() ? "unknown job" : "already ended " + found.get().job().state();
            log.info("Cancel of job {} ignored: {}", jobId, why);
            audit.failed(AuditAction.CANCEL, jobId, found.map(job -> job.job().device().value() + ": ").orElse("")
                    + why);
            return;
        }
        TrackedJob job = found.get();
        InstallState state = job.job().state();
        if (state == InstallState.REBOOTING || state == InstallState.HEALTH_CHECK) {
            log.info("Job {} on {} is {}; it cannot be stopped from the console and is left to end", jobId,
                    job.job().device(), state);
            audit.failed(AuditAction.CANCEL, jobId, job.job().device().value() + ": it is " + state
                    + " and cannot be stopped from the console");
            return;
        }
        jobs.fail(job, InstallFailure.CANCELLED.describe("cancelled by the operator while " + state));
        audit.succeeded(AuditAction.CANCEL, jobId, job.job().device().value() + ": cancelled while " + state
                + " (" + job.job().version() + ")");
    }
}
