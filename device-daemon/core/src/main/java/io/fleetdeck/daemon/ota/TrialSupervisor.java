package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * Decides a trial boot on the {@link OtaWorker}: commits the slot once the device proves healthy, or rolls it back
 * and restarts into the committed slot; and leaves a trial that was abandoned in this very boot.
 */
final class TrialSupervisor {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final RunningFirmware running;
    private final SlotStore slots;
    private final Duration healthTimeout;
    private final JobJournal journal;
    private final HealthWatch health;
    private final DeviceRestart restart;
    private final OtaWorker worker;

    TrialSupervisor(DeviceId device, RunningFirmware running, SlotStore slots, Duration healthTimeout,
                    JobJournal journal, HealthWatch health, DeviceRestart restart, OtaWorker worker) {
        this.device = device;
        this.running = running;
        this.slots = slots;
        this.healthTimeout = healthTimeout;
        this.journal = journal;
        this.health = health;
        this.restart = restart;
        this.worker = worker;
    }

    /** Starts the health check of the running trial on the worker and returns at once. */
    void superviseInBackground() {
        worker.submit(this::checkHealth);
    }

    /** Starts the reboot out of an abandoned trial on the worker and returns at once. */
    void leaveAbandonedInBackground() {
        worker.submit(this::leaveAbandonedTrial);
    }

    /** Waits for the trial to prove itself; commits, or rolls back and restarts into the committed slot. */
    private void checkHealth() {
        String missing;
        try {
            missing = health.awaitHealthy(healthTimeout);
        } catch (InterruptedException e) {
            log.info("{}: health check of slot {} stopped (closing)", device, running.slot());
            return;
        }
        if (missing == null) {
            try {
                slots.commit();
                log.info("{}: slot {} ({}) passed its health check and is committed", device, running.slot(),
                        running.version());
                journal.move(InstallState.COMMITTED, "");
                return;
            } catch (IOException | RuntimeException e) {
                log.error("{}: cannot commit slot {}: {}", device, running.slot(), e.getMessage(), e);
                missing = "the commit failed: " + e.getMessage();
            }
        }
        String reason = InstallFailure.HEALTH_CHECK_FAILED.describe(missing + " within "
                + healthTimeout.toMillis() + " ms");
        try {
            slots.rollback(reason);
        } catch (IOException | RuntimeException e) {
            // The trial was counted at boot: the next start rolls back even though this write failed.
            log.error("{}: cannot record the rollback of slot {}: {}", device, running.slot(), e.getMessage(), e);
        }
        journal.move(InstallState.ROLLED_BACK, reason);
        try {
            restart.reboot(false, reason);
        } catch (IOException e) {
            // The job already says ROLLED_BACK and the committed slot is what any later boot starts.
            log.error("{}: rolled back, but the reboot into the committed slot failed: {}; the abandoned trial of slot"
                    + " {} runs until the device reboots", device, e.getMessage(), running.slot(), e);
        }
    }

    /** The rollback happened in this boot but its reboot did not: do it now, after the report had a chance to go. */
    private void leaveAbandonedTrial() {
        health.awaitBroker();
        String why = "an abandoned trial still runs; back to committed slot " + running.slot();
        try {
            restart.reboot(false, why);
        } catch (IOException e) {
            log.error("{}: {}, but the reboot failed: {}; reboot the device by hand", device, why, e.getMessage(), e);
        }
    }
}
