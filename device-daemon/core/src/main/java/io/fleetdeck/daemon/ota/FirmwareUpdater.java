package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import io.fleetdeck.model.ImageFormat;

import io.fleetdeck.daemon.agent.FirmwareCommands;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ManifestVerificationException;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TrustKeyCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A device's firmware updates, from {@code cmd/install} to a committed or rolled-back slot. Answers the firmware
 * commands at once, installs on its own thread, and after the restart into a trial slot commits it only when the
 * device is back on the broker with an acknowledged reading from every sensor.
 *
 * <p>Crash safety comes from the order of durable steps: the job file is written before {@code install} is
 * answered; the slot's version is recorded before the slot is marked for trial; the slot store commits or rolls back
 * before the job file says so. A restart at any point finds a state it can finish: resume the download, check the
 * trial, or report how the job ended ({@link #start}).
 */
public final class FirmwareUpdater implements FirmwareCommands, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);
    /** Progress while downloading goes out at most this often; state changes always go out. */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long HEALTH_POLL_MS = 100;
    /** How long a restart waits for the broker so its REBOOTING report can be sent. */
    private static final java.time.Duration REPORT_GRACE = java.time.Duration.ofSeconds(10);

    private final DeviceId device;
    private final String model;
    private final RunningFirmware running;
    private final SlotStore slots;
    private final SlotVersions versions;
    private final TrustedKeys keys;
    private final Path stateDir;
    private final Supplier<HttpClient> http;
    private final OtaSettings settings;
    private final Rebooter rebooter;
    private final PayloadCodec codec;
    private final ManifestSignatures signatures;
    private final LongSupplier clock;
    private final ExecutorService worker;
    private volatile InstallReporter reporter = progress -> { };
    private volatile HealthSignals health;
    private InstallJob current;
    private long lastProgressNanos;
    private boolean started;
    /** Set just before the rebooter is asked: the daemon's shutdown that follows is a restart, not a stop. */
    private volatile boolean restarting;

    /**
     * @param model    this board's model, matched against a manifest's models
     * @param running  what this start booted ({@link RunningFirmware#boot}); the updater acts on its trial status
     * @param stateDir where the job file and the download's resume point live
     * @param http     the client for image downloads, asked for only when a download starts
     */
    public FirmwareUpdater(DeviceId device, String model, RunningFirmware running, SlotStore slots,
                           SlotVersions versions, TrustedKeys keys, Path stateDir, Supplier<HttpClient> http,
                           OtaSettings settings, Rebooter rebooter, PayloadCodec codec, LongSupplier clock) {
        this.device = Objects.requireNonNull(device, "device");
        this.model = Objects.requireNonNull(model, "model");
        this.running = Objects.requireNonNull(running, "running");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.http = Objects.requireNonNull(http, "http");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rebooter = Objects.requireNonNull(rebooter, "rebooter");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.signatures = new ManifestSignatures(codec);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("ota-" + device.value()).factory());
    }

    public RunningFirmware running() {
        return running;
    }

    /**
     * Picks up where the last run of the daemon left its job, once the device can report: checks a trial boot,
     * resumes an interrupted download, reports a trial that crashed, or re-reports how the last job ended.
     *
     * @param reporter where install reports go (the retained {@code install} topic)
     * @param health   what the health check of a trial looks at
     */
    public void start(InstallReporter reporter, HealthSignals health) {
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            this.reporter = Objects.requireNonNull(reporter, "reporter");
            this.health = Objects.requireNonNull(health, "health");
            current = loadJob().orElse(null);
        }
        BootResult boot = running.boot();
        InstallJob job = current();
        if (boot.rolledBack().isPresent()) {
            if (job != null && !job.state().isFinal()) {
                move(InstallState.ROLLED_BACK, InstallFailure.TRIAL_CRASHED.describe(boot.rolledBack().get()));
            } else {
                republish(job);
            }
            return;
        }
        if (boot.trying()) {
            if (job != null && !job.state().isFinal()) {
                move(InstallState.HEALTH_CHECK, "");
            }
            submit(this::checkHealth);
            return;
        }
        if (boot.rebootNeeded()) {
            // The health check (or its rollback) of this very boot ended and the daemon restarted before the reboot.
            if (job != null && !job.state().isFinal()) {
                finishInterruptedTrial(job);
            } else {
                republish(job);
            }
            submit(this::leaveAbandonedTrial);
            return;
        }
        if (job == null || job.state().isFinal()) {
            republish(job);
            return;
        }
        switch (job.state()) {
            case QUEUED, DOWNLOADING, VERIFYING, WRITING -> {
                log.info("{}: resuming install job {} ({}) after a restart", device, job.job(), job.version());
                submit(() -> runInstall(job));
            }
            default -> finishInterruptedTrial(job);
        }
    }

    /** The job was at REBOOTING or HEALTH_CHECK and this start is no trial: the trial ended before the job said so. */
    private void finishInterruptedTrial(InstallJob job) {
        if (running.slot() == job.target() && running.version().equals(job.version())) {
            move(InstallState.COMMITTED, "");
            return;
        }
        String why;
        try {
            why = slots.state().lastRollback().orElse("the trial of slot " + job.target() + " ended without commit");
        } catch (IOException e) {
            why = "the trial of slot " + job.target() + " ended without commit";
        }
        move(InstallState.ROLLED_BACK, InstallFailure.of(why).isPresent() ? why
                : InstallFailure.TRIAL_CRASHED.describe(why));
    }

    private void republish(InstallJob job) {
        if (job != null) {
            reporter.report(job.progress(clock.getAsLong()));
        }
    }

    // ---------------------------------------------------------------- commands

    @Override
    public CommandResponse trustKey(CommandRequest request) {
        TrustKeyCommand command;
        try {
            command = TrustKeyCommand.from(request);
        } catch (MalformedPayloadException e) {
            log.warn("{}: refused cmd/trust-key: {}", device, e.getMessage());
            return CommandResponse.failed(e.getMessage());
        }
        try {
            TrustedKeys.Outcome outcome = keys.trust(command.key());
            Map<String, String> data = Map.of("fingerprint", command.fingerprint().value(), "outcome", outcome.name());
            return switch (outcome) {
                case ADDED -> CommandResponse.ok("now trusting " + command.fingerprint(), data);
                case ALREADY_TRUSTED -> CommandResponse.ok("already trusting " + command.fingerprint(), data);
                case REFUSED -> {
                    String message = "this device already trusts another key (" + trustedSummary() + "); to adopt it"
                            + " with " + command.fingerprint() + ", delete the .pub files in "
                            + keys.adoptedDirectory() + " on the device, then adopt again";
                    log.warn("{}: refused to trust {}: {}", device, command.fingerprint(), message);
                    yield CommandResponse.failed(message, data);
                }
            };
        } catch (IOException e) {
            log.warn("{}: cannot store trusted key {}: {}", device, command.fingerprint(), e.getMessage(), e);
            return CommandResponse.failed("cannot store the key in " + keys.adoptedDirectory() + ": "
                    + e.getMessage());
        }
    }

    private String trustedSummary() throws IOException {
        List<String> names = new ArrayList<>();
        keys.all().keySet().forEach(fp -> names.add(fp.value()));
        return names.isEmpty() ? "unreadable key files " + keys.files() : String.join(", ", names);
    }

    @Override
    public CommandResponse preflight(CommandRequest request) {
        Verdict verdict;
        synchronized (this) {
            verdict = check(request);
        }
        if (verdict.refusal != null) {
            return verdict.refusal;
        }
        return CommandResponse.ok(verdict.sameJob ? "job " + verdict.command.job() + " is already running"
                : "ready to install " + verdict.command.manifest().manifest().version() + " into slot "
                + verdict.slot, verdict.data());
    }

    @Override
    public CommandResponse install(CommandRequest request) {
        InstallJob job;
        Verdict verdict;
        synchronized (this) {
            verdict = check(request);
            if (verdict.refusal != null) {
                return verdict.refusal;
            }
            if (verdict.sameJob) {
                return CommandResponse.ok("job " + verdict.command.job() + " is already running", verdict.data());
            }
            job = InstallJob.queued(verdict.command, verdict.slot);
            try {
                // Before answering: an accepted job survives a restart, which then resumes or reports it.
                job.save(stateDir, codec);
            } catch (IOException e) {
                log.warn("{}: cannot persist install job {}: {}", device, job.job(), e.getMessage(), e);
                return CommandResponse.refused(InstallFailure.SLOT_IO_FAILED, "cannot save the job in " + stateDir
                        + ": " + e.getMessage());
            }
            current = job;
        }
        log.info("{}: job {}: QUEUED, {} into slot {} from {}", device, job.job(), job.version(), job.target(),
                verdict.command.image());
        reporter.report(job.progress(clock.getAsLong()));
        submit(() -> runInstall(job));
        return CommandResponse.ok("accepted", verdict.data());
    }

    /** The checks of preflight and install, in the order the protocol lists them; the caller holds the lock. */
    private Verdict check(CommandRequest request) {
        InstallCommand command;
        try {
            command = InstallCommand.from(request, codec);
            ImageFormat.ofFileName(command.fileName());
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            return Verdict.refused(InstallFailure.BAD_REQUEST, e.getMessage());
        }
        FirmwareManifest manifest = command.manifest().manifest();
        if (current != null && !current.state().isFinal()) {
            if (current.job().equals(command.job())) {
                return new Verdict(null, command, current.target(), 0, 0, true, current.state());
            }
            return Verdict.refused(InstallFailure.BUSY, "busy with job " + current.job() + " (" + current.version()
                    + ", " + current.state() + ")");
        }
        if (running.version().equals(manifest.version())) {
            return Verdict.refused(InstallFailure.SAME_VERSION, "already running " + manifest.version() + " in slot "
                    + running.slot());
        }
        try {
            signatures.verify(command.manifest(), keys.all());
        } catch (ManifestVerificationException e) {
            return Verdict.refused(switch (e.reason()) {
                case UNKNOWN_KEY -> InstallFailure.UNKNOWN_KEY;
                case BAD_SIGNATURE -> InstallFailure.BAD_SIGNATURE;
            }, e.getMessage());
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot read the trusted keys: " + e.getMessage());
        }
        if (!manifest.fits(model)) {
            return Verdict.refused(InstallFailure.WRONG_MODEL, "image is for " + manifest.models() + ", this board is '"
                    + model + "'");
        }
        try {
            Slot target;
            try {
                target = slots.inactive();
            } catch (IllegalStateException onTrial) {
                return Verdict.refused(InstallFailure.BUSY, onTrial.getMessage());
            }
            long capacity = slots.capacity(target);
            if (manifest.rawSize() > capacity) {
                return Verdict.refused(InstallFailure.TOO_LARGE, "image has " + manifest.rawSize()
                        + " raw bytes, slot " + target + " holds " + capacity);
            }
            long writable = slots.writableBytes(target);
            if (manifest.rawSize() > writable) {
                return Verdict.refused(InstallFailure.NO_SPACE, "image has " + manifest.rawSize() + " raw bytes, only "
                        + writable + " can be written to slot " + target);
            }
            return new Verdict(null, command, target, capacity, writable, false, null);
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot inspect the slots: " + e.getMessage());
        }
    }

    /** The outcome of the checks: a refusal, or the slot the image goes to and what the device can hold. */
    private record Verdict(CommandResponse refusal, InstallCommand command, Slot slot, long capacity, long writable,
                           boolean sameJob, InstallState state) {
        static Verdict refused(InstallFailure failure, String detail) {
            return new Verdict(CommandResponse.refused(failure, detail), null, null, 0, 0, false, null);
        }

        Map<String, String> data() {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("job", command.job());
            data.put("slot", slot.name());
            if (sameJob) {
                data.put("state", state.name());
            } else {
                data.put("capacity", Long.toString(capacity));
                data.put("free", Long.toString(writable));
            }
            return data;
        }
    }

    // ---------------------------------------------------------------- the install

    private void runInstall(InstallJob job) {
        InstallCommand command = job.command().orElseThrow();
        try {
            if (slots.inactive() != job.target()) {
                fail(InstallFailure.DOWNLOAD_FAILED, "cannot resume: slot " + job.target() + " is no longer the"
                        + " inactive slot", null);
                return;
            }
            InstallRequest request = new InstallRequest(command.manifest(), keys.all(), command.image(),
                    command.token(), job.target(), ImageFormat.ofFileName(command.fileName()));
            advance(InstallState.DOWNLOADING, job.bytes());
            try (ImageInstaller installer = new ImageInstaller(http.get(), signatures, slots, model, stateDir,
                    settings.installer())) {
                InstallResult result = installer.install(request, this::onInstallerProgress);
                log.info("{}: job {}: slot {} verified ({} resumes)", device, job.job(), result.slot(),
                        result.resumes());
            }
            advance(InstallState.WRITING, -1);
            // The version first: a slot marked for trial must always have one to report when it boots.
            versions.record(job.target(), job.version());
            slots.markTrying(job.target());
            advance(InstallState.REBOOTING, -1);
            awaitBrokerBeforeRestart();
            rebootIntoTrial(job);
        } catch (InstallException e) {
            fail(e.reason(), detailOf(e), null);
        } catch (IOException | RuntimeException e) {
            fail(InstallFailure.SLOT_IO_FAILED, e.getMessage(), e);
        }
    }

    /**
     * A reboot that cannot even start leaves the job with nothing to wait for: its mark is withdrawn (no later
     * hand-typed tryboot or power cut starts a trial nobody watches) and the job fails with the command's answer.
     */
    private void rebootIntoTrial(InstallJob job) throws IOException {
        try {
            restarting = true;
            rebooter.reboot(true, "job " + job.job() + " installed " + job.version() + " into slot " + job.target());
        } catch (IOException e) {
            restarting = false;
            String detail = "cannot reboot into slot " + job.target() + ": " + e.getMessage();
            slots.rollback(detail);
            fail(InstallFailure.SLOT_IO_FAILED, detail, e);
        }
    }

    /** The rollback happened in this boot but its reboot did not: do it now, after the report had a chance to go. */
    private void leaveAbandonedTrial() {
        awaitBrokerBeforeRestart();
        String why = "an abandoned trial still runs; back to committed slot " + running.slot();
        try {
            restarting = true;
            rebooter.reboot(false, why);
        } catch (IOException e) {
            restarting = false;
            log.error("{}: {}, but the reboot failed: {}; reboot the device by hand", device, why, e.getMessage(), e);
        }
    }

    private void onInstallerProgress(InstallerProgress progress) {
        if (progress.state() == InstallState.VERIFYING) {
            advance(InstallState.VERIFYING, -1);
            return;
        }
        InstallJob job;
        synchronized (this) {
            if (current == null || current.state() != InstallState.DOWNLOADING) {
                return;
            }
            current = current.moveTo(InstallState.DOWNLOADING, progress.compressedBytes(), "");
            long now = System.nanoTime();
            if (now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastProgressNanos = now;
            job = current;
        }
        reporter.report(job.progress(clock.getAsLong()));
    }

    /**
     * Moves the job forward to {@code next}, saving and reporting it; a job already there or past it (resumed after a
     * restart) stays where it is, since a report never goes back.
     *
     * @param bytes bytes received, or -1 to keep the count
     */
    private void advance(InstallState next, long bytes) {
        InstallJob job;
        synchronized (this) {
            if (current == null || !current.state().canMoveTo(next)) {
                return;
            }
            job = current = current.moveTo(next, bytes < 0 ? current.bytes() : bytes, "");
            lastProgressNanos = System.nanoTime();
        }
        saveAndReport(job, null);
    }

    /** Moves the job to {@code next} (a final state, or HEALTH_CHECK) with {@code reason}. */
    private void move(InstallState next, String reason) {
        InstallJob job;
        synchronized (this) {
            if (current == null) {
                return;
            }
            if (!current.state().canMoveTo(next)) {
                log.warn("{}: job {}: {} after {}, reported as it is", device, current.job(), next, current.state());
            }
            job = current = current.moveTo(next, current.bytes(), reason);
        }
        saveAndReport(job, null);
    }

    private void fail(InstallFailure failure, String detail, Throwable cause) {
        InstallJob job;
        synchronized (this) {
            if (current == null || current.state().isFinal()) {
                return;
            }
            job = current = current.moveTo(InstallState.FAILED, current.bytes(), failure.describe(detail));
        }
        saveAndReport(job, cause);
    }

    private void saveAndReport(InstallJob job, Throwable cause) {
        if (job.state() == InstallState.FAILED || job.state() == InstallState.ROLLED_BACK) {
            if (cause != null) {
                log.warn("{}: job {}: {} {}", device, job.job(), job.state(), job.reason(), cause);
            } else {
                log.warn("{}: job {}: {} {}", device, job.job(), job.state(), job.reason());
            }
        } else {
            log.info("{}: job {}: {} ({} of {} bytes)", device, job.job(), job.state(), job.bytes(),
                    job.totalBytes());
        }
        try {
            job.save(stateDir, codec);
        } catch (IOException e) {
            log.warn("{}: cannot save job {} at {}: {}", device, job.job(), job.state(), e.getMessage(), e);
        }
        reporter.report(job.progress(clock.getAsLong()));
    }

    // ---------------------------------------------------------------- the trial

    /** Waits for the trial to prove itself; commits, or rolls back and restarts into the committed slot. */
    private void checkHealth() {
        long deadline = System.nanoTime() + settings.healthTimeout().toNanos();
        String missing = missingHealth();
        while (missing != null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(HEALTH_POLL_MS);
            } catch (InterruptedException e) {
                log.info("{}: health check of slot {} stopped (closing)", device, running.slot());
                return;
            }
            missing = missingHealth();
        }
        if (missing == null) {
            try {
                slots.commit();
                log.info("{}: slot {} ({}) passed its health check and is committed", device, running.slot(),
                        running.version());
                move(InstallState.COMMITTED, "");
                return;
            } catch (IOException | RuntimeException e) {
                log.error("{}: cannot commit slot {}: {}", device, running.slot(), e.getMessage(), e);
                missing = "the commit failed: " + e.getMessage();
            }
        }
        String reason = InstallFailure.HEALTH_CHECK_FAILED.describe(missing + " within "
                + settings.healthTimeout().toMillis() + " ms");
        try {
            slots.rollback(reason);
        } catch (IOException | RuntimeException e) {
            // The trial was counted at boot: the next start rolls back even though this write failed.
            log.error("{}: cannot record the rollback of slot {}: {}", device, running.slot(), e.getMessage(), e);
        }
        move(InstallState.ROLLED_BACK, reason);
        try {
            restarting = true;
            rebooter.reboot(false, reason);
        } catch (IOException e) {
            restarting = false;
            // The job already says ROLLED_BACK and the committed slot is what any later boot starts.
            log.error("{}: rolled back, but the reboot into the committed slot failed: {}; the abandoned trial of slot"
                    + " {} runs until the device reboots", device, e.getMessage(), running.slot(), e);
        }
    }

    /**
     * A restart right after a resumed download may come before the device is back on the broker; waiting a little lets
     * the REBOOTING report go out (the session flushes it when it closes). Without a broker the report is simply the
     * one a later report replaces: the job file keeps the state either way.
     */
    private void awaitBrokerBeforeRestart() {
        long deadline = System.nanoTime() + REPORT_GRACE.toNanos();
        try {
            while (!health.connected() && System.nanoTime() < deadline) {
                Thread.sleep(HEALTH_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the trial still lacks, or null when it is healthy. */
    private String missingHealth() {
        HealthSignals signals = health;
        if (!signals.connected()) {
            return "not connected to the broker";
        }
        Set<String> acknowledged = signals.acknowledgedSensors();
        List<String> silent = signals.sensors().stream().filter(id -> !acknowledged.contains(id)).toList();
        return silent.isEmpty() ? null : "no acknowledged reading from sensors " + silent;
    }

    // ---------------------------------------------------------------- plumbing

    private synchronized InstallJob current() {
        return current;
    }

    /**
     * Whether this updater has asked for a restart or reboot (into a trial, or back to the committed slot): the
     * shutdown that follows should be brief, since the device is back in seconds.
     */
    public boolean restarting() {
        return restarting;
    }

    /** The job as last saved or changed, if any. */
    public synchronized Optional<InstallJob> job() {
        return Optional.ofNullable(current);
    }

    private Optional<InstallJob> loadJob() {
        try {
            return InstallJob.load(stateDir, codec);
        } catch (IOException e) {
            Path file = stateDir.resolve(InstallJob.FILE);
            Path aside = stateDir.resolve(InstallJob.FILE + ".unreadable");
            log.error("{}: {}; moved to {} and forgotten", device, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.error("{}: cannot move {} aside: {}", device, file, moveFailed.getMessage());
            }
            return Optional.empty();
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("{}: updater closed, task dropped", device);
        }
    }

    /** The installer's message without its "install failed (REASON): " prefix, which the code already says. */
    private static String detailOf(InstallException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("): ");
        return start >= 0 ? message.substring(start + 3) : message;
    }

    /** Stops the install or health check thread without waiting: a restart may be calling from it. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
