package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.agent.AdoptionCredentials;
import io.fleetdeck.daemon.agent.FirmwareCommands;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.PairingCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;

import java.net.http.HttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A device's firmware updates, from {@code cmd/install} to a committed or rolled-back slot. Answers the firmware
 * commands at once ({@link KeyTrust}, {@link InstallAdmission}), installs on its own thread ({@link InstallRun}), and
 * after the restart into a trial slot commits it only when the device is back on the broker with an acknowledged
 * reading from every sensor ({@link TrialSupervisor}).
 *
 * <p>Crash safety comes from the order of durable steps: the job file ({@link JobJournal}) is written before
 * {@code install} is answered; the slot's version is recorded before the slot is marked for trial; the slot store
 * commits or rolls back before the job file says so. A restart at any point finds a state it can finish: resume the
 * download, check the trial, or report how the job ended ({@link #start}, {@link BootRecovery}).
 */
public final class FirmwareUpdater implements FirmwareCommands, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final RunningFirmware running;
    private final JobJournal journal;
    private final KeyTrust keyTrust;
    private final InstallAdmission admission;
    private final InstallRun install;
    private final BootRecovery recovery;
    private final DeviceRestart restart;
    private final OtaWorker worker;
    private final CommandGuard guard;

    /**
     * @param model    this board's model, matched against a manifest's models
     * @param running  what this start booted ({@link RunningFirmware#boot}); the updater acts on its trial status
     * @param stateDir where the job file and the download's resume point live
     * @param http     the client for image downloads, asked for only when a download starts
     */
    public FirmwareUpdater(DeviceId device, String model, RunningFirmware running, SlotStore slots,
                           SlotVersions versions, TrustedKeys keys, Path stateDir, Supplier<HttpClient> http,
                           OtaSettings settings, Rebooter rebooter, PayloadCodec codec, LongSupplier clock) {
        // All checked here, in order: a null fails at construction under its own name, not later on the worker.
        this.device = Objects.requireNonNull(device, "device");
        Objects.requireNonNull(model, "model");
        this.running = Objects.requireNonNull(running, "running");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(rebooter, "rebooter");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(clock, "clock");
        ManifestSignatures signatures = new ManifestSignatures(codec);
        HealthWatch health = new HealthWatch();
        this.journal = new JobJournal(device, stateDir, codec, clock);
        this.restart = new DeviceRestart(rebooter);
        this.worker = new OtaWorker(device);
        this.keyTrust = new KeyTrust(device, keys, stateDir, clock);
        this.guard = new CommandGuard(device, keys, clock);
        this.admission = new InstallAdmission(device, model, running, slots, keys, signatures, codec, journal, guard,
                new AntiRollback(slots, versions));
        this.install = new InstallRun(device, model, slots, versions, keys, stateDir, http, settings.installer(),
                signatures, journal, health, restart, worker);
        TrialSupervisor trial = new TrialSupervisor(device, running, slots, settings.healthTimeout(), journal, health,
                restart, worker);
        this.recovery = new BootRecovery(device, running, slots, journal, health, install, trial);
    }

    public RunningFirmware running() {
        return running;
    }

    /** With every accepted {@code cmd/trust-key}, issue broker credentials through {@code credentials}. */
    public void issueCredentials(AdoptionCredentials credentials) {
        keyTrust.issueCredentials(credentials);
    }

    /**
     * The check every signed command passes on this device (operator signature, expiry, nonce), for other commands
     * that must be the operator's, e.g. a {@code trust-key} signed by a provisioned key. One per updater, so a
     * nonce used on one command cannot be used on another.
     */
    public CommandGuard commandGuard() {
        return guard;
    }

    /**
     * Picks up where the last run of the daemon left its job, once the device can report: checks a trial boot,
     * resumes an interrupted download, reports a trial that crashed, or re-reports how the last job ended.
     *
     * @param reporter where install reports go (the retained {@code install} topic)
     * @param health   what the health check of a trial looks at
     */
    public void start(InstallReporter reporter, HealthSignals health) {
        recovery.start(reporter, health);
        try {
            pairingCode().ifPresent(code -> log.info("{}: no console has adopted this device yet; its pairing code is"
                    + " {} (type it into the console's Adopt dialog)", device, code.display()));
        } catch (IOException e) {
            log.warn("{}: cannot read or make the pairing code: {}", device, e.getMessage());
        }
    }

    /** The pairing code while no console key is trusted; empty once the device is adopted. */
    public Optional<PairingCode> pairingCode() throws IOException {
        return keyTrust.pairingCode();
    }

    @Override
    public CommandResponse trustKey(CommandRequest request) {
        return keyTrust.answer(request);
    }

    @Override
    public CommandResponse preflight(CommandRequest request, MessageEnvelope message) {
        return admission.preflight(request, message);
    }

    @Override
    public CommandResponse install(CommandRequest request, MessageEnvelope message) {
        InstallAdmission.Admitted admitted = admission.install(request, message);
        admitted.job().ifPresent(install::begin);
        return admitted.answer();
    }

    /**
     * Whether this updater has asked for a restart or reboot (into a trial, or back to the committed slot): the
     * shutdown that follows should be brief, since the device is back in seconds.
     */
    public boolean restarting() {
        return restart.requested();
    }

    /** The job as last saved or changed, if any. */
    public Optional<InstallJob> job() {
        return journal.job();
    }

    /** Stops the install or health check thread without waiting: a restart may be calling from it. */
    @Override
    public void close() {
        worker.close();
    }
}
