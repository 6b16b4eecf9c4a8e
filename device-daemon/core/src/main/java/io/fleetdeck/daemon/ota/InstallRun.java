package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An accepted job carried out on the {@link OtaWorker}: the image downloaded and verified into the inactive slot, its
 * version recorded, the slot marked for trial, and the device restarted into it, each step reported through the
 * {@link JobJournal}. A job resumed after a restart passes again through the states it already reached, which the
 * journal leaves as they are.
 */
final class InstallRun {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final String model;
    private final SlotStore slots;
    private final SlotVersions versions;
    private final TrustedKeys keys;
    private final Path stateDir;
    private final Supplier<HttpClient> http;
    private final InstallerSettings settings;
    private final ManifestSignatures signatures;
    private final JobJournal journal;
    private final HealthWatch health;
    private final DeviceRestart restart;
    private final OtaWorker worker;

    InstallRun(DeviceId device, String model, SlotStore slots, SlotVersions versions, TrustedKeys keys, Path stateDir,
               Supplier<HttpClient> http, InstallerSettings settings, ManifestSignatures signatures,
               JobJournal journal, HealthWatch health, DeviceRestart restart, OtaWorker worker) {
        this.device = device;
        this.model = model;
        this.slots = slots;
        this.versions = versions;
        this.keys = keys;
        this.stateDir = stateDir;
        this.http = http;
        this.settings = settings;
        this.signatures = signatures;
        this.journal = journal;
        this.health = health;
        this.restart = restart;
        this.worker = worker;
    }

    /** Starts {@code job} on the worker and returns at once. */
    void begin(InstallJob job) {
        worker.submit(() -> run(job));
    }

    private void run(InstallJob job) {
        InstallCommand command = job.command().orElseThrow();
        try {
            if (slots.inactive() != job.target()) {
                journal.fail(InstallFailure.DOWNLOAD_FAILED, "cannot resume: slot " + job.target() + " is no longer"
                        + " the inactive slot", null);
                return;
            }
            InstallRequest request = new InstallRequest(command.manifest(), keys.all(), command.image(),
                    command.token(), job.target(), ImageFormat.ofFileName(command.fileName()), command.imageSize());
            journal.advance(InstallState.DOWNLOADING, job.bytes());
            try (ImageInstaller installer = new ImageInstaller(http.get(), signatures, slots, model, stateDir,
                    settings)) {
                InstallResult result = installer.install(request, this::onInstallerProgress);
                log.info("{}: job {}: slot {} verified ({} resumes)", device, job.job(), result.slot(),
                        result.resumes());
            }
            journal.advance(InstallState.WRITING, -1);
            // The version first: a slot marked for trial must always have one to report when it boots.
            versions.record(job.target(), job.version(), command.manifest().manifest().securityVersion());
            slots.markTrying(job.target());
            journal.advance(InstallState.REBOOTING, -1);
            health.awaitBroker();
            rebootIntoTrial(job);
        } catch (InstallException e) {
            journal.fail(e.reason(), detailOf(e), null);
        } catch (IOException | RuntimeException e) {
            journal.fail(InstallFailure.SLOT_IO_FAILED, e.getMessage(), e);
        }
    }

    /**
     * A reboot that cannot even start leaves the job with nothing to wait for: its mark is withdrawn (no later
     * hand-typed tryboot or power cut starts a trial nobody watches) and the job fails with the command's answer.
     */
    private void rebootIntoTrial(InstallJob job) throws IOException {
        try {
            restart.reboot(true, "job " + job.job() + " installed " + job.version() + " into slot " + job.target());
        } catch (IOException e) {
            String detail = "cannot reboot into slot " + job.target() + ": " + e.getMessage();
            slots.rollback(detail);
            journal.fail(InstallFailure.SLOT_IO_FAILED, detail, e);
        }
    }

    private void onInstallerProgress(InstallerProgress progress) {
        if (progress.state() == InstallState.VERIFYING) {
            journal.advance(InstallState.VERIFYING, -1);
            return;
        }
        journal.downloaded(progress.compressedBytes());
    }

    /** The installer's message without its "install failed (REASON): " prefix, which the code already says. */
    private static String detailOf(InstallException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("): ");
        return start >= 0 ? message.substring(start + 3) : message;
    }
}
