package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * What a start of the daemon does with the job the last run left, given how the slot store booted: checks a trial,
 * resumes an interrupted install, reports a trial that crashed, leaves an abandoned trial, or re-reports how the last
 * job ended. Runs once per updater.
 */
final class BootRecovery {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final RunningFirmware running;
    private final SlotStore slots;
    private final JobJournal journal;
    private final HealthWatch health;
    private final InstallRun install;
    private final TrialSupervisor trial;
    private boolean started;

    BootRecovery(DeviceId device, RunningFirmware running, SlotStore slots, JobJournal journal, HealthWatch health,
                 InstallRun install, TrialSupervisor trial) {
        this.device = device;
        this.running = running;
        this.slots = slots;
        this.journal = journal;
        this.health = health;
        this.install = install;
        this.trial = trial;
    }

    void start(InstallReporter reporter, HealthSignals signals) {
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            Objects.requireNonNull(reporter, "reporter");
            health.attach(signals);
            journal.open(reporter);
        }
        BootResult boot = running.boot();
        InstallJob job = journal.current();
        if (boot.rolledBack().isPresent()) {
            if (job != null && !job.state().isFinal()) {
                journal.move(InstallState.ROLLED_BACK, InstallFailure.TRIAL_CRASHED.describe(boot.rolledBack().get()));
            } else {
                journal.report(job);
            }
            return;
        }
        if (boot.trying()) {
            if (job != null && !job.state().isFinal()) {
                journal.move(InstallState.HEALTH_CHECK, "");
            }
            trial.superviseInBackground();
            return;
        }
        if (boot.rebootNeeded()) {
            // The health check (or its rollback) of this very boot ended and the daemon restarted before the reboot.
            if (job != null && !job.state().isFinal()) {
                finishInterruptedTrial(job);
            } else {
                journal.report(job);
            }
            trial.leaveAbandonedInBackground();
            return;
        }
        if (job == null || job.state().isFinal()) {
            journal.report(job);
            return;
        }
        switch (job.state()) {
            case QUEUED, DOWNLOADING, VERIFYING, WRITING -> {
                log.info("{}: resuming install job {} ({}) after a restart", device, job.job(), job.version());
                install.begin(job);
            }
            default -> finishInterruptedTrial(job);
        }
    }

    /** The job was at REBOOTING or HEALTH_CHECK and this start is no trial: the trial ended before the job said so. */
    private void finishInterruptedTrial(InstallJob job) {
        if (running.slot() == job.target() && running.version().equals(job.version())) {
            journal.move(InstallState.COMMITTED, "");
            return;
        }
        String why;
        try {
            why = slots.state().lastRollback().orElse("the trial of slot " + job.target() + " ended without commit");
        } catch (IOException e) {
            why = "the trial of slot " + job.target() + " ended without commit";
        }
        journal.move(InstallState.ROLLED_BACK, InstallFailure.of(why).isPresent() ? why
                : InstallFailure.TRIAL_CRASHED.describe(why));
    }
}
