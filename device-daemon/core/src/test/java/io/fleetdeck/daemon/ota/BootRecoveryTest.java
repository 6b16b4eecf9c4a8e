package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a start of the daemon makes of the job the last run saved, for each way the slot store can boot: the job file
 * and slot files are real, nothing is downloaded.
 */
class BootRecoveryTest {
    private static final DeviceId DEVICE = DeviceId.of("boot-1");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final KeyPair SIGNER = OtaFixtures.newKey();

    private final PayloadCodec codec = new PayloadCodec();
    private final List<InstallProgress> reports = new CopyOnWriteArrayList<>();
    private final List<String> reboots = new CopyOnWriteArrayList<>();
    private final TestSignals signals = new TestSignals().healthy();
    private final OtaWorker worker = new OtaWorker(DEVICE);

    @TempDir
    Path dir;

    private DirectorySlots slots;
    private SlotVersions versions;
    private JobJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        slots = new DirectorySlots(dir.resolve("slots"), 1 << 20);
        versions = new SlotVersions(dir);
        journal = new JobJournal(DEVICE, dir, codec, () -> 42L);
    }

    @AfterEach
    void tearDown() {
        worker.close();
    }

    /** Slot B written, versioned and marked for trial, as a finished install leaves it. */
    private void installIntoB() throws Exception {
        Files.write(slots.file(Slot.B), new byte[16]);
        versions.record(Slot.B, "1.1.0");
        slots.markTrying(Slot.B);
    }

    private void start(RunningFirmware running) {
        recovery(running).start(reports::add, signals);
    }

    private BootRecovery recovery(RunningFirmware running) {
        HealthWatch health = new HealthWatch();
        DeviceRestart restart = new DeviceRestart((trial, why) -> reboots.add(trial + ": " + why));
        ManifestSignatures signatures = new ManifestSignatures(codec);
        TrustedKeys keys = new TrustedKeys(dir, Optional.empty());
        InstallRun install = new InstallRun(DEVICE, "Raspberry Pi 4 Model B Rev 1.4", slots, versions, keys, dir,
                () -> {
                    throw new IllegalStateException("no download in this test");
                }, InstallerSettings.defaults(), signatures, journal, health, restart, worker);
        TrialSupervisor trial = new TrialSupervisor(DEVICE, running, slots, PATIENCE, journal, health, restart,
                worker);
        return new BootRecovery(DEVICE, running, slots, journal, health, install, trial);
    }

    private RunningFirmware boot() throws Exception {
        return RunningFirmware.boot(slots, versions, "1.0.0");
    }

    private InstallJob saved(InstallState state) throws Exception {
        String reason = state.isFinal() ? "HEALTH_CHECK_FAILED: not connected to the broker within 60000 ms" : "";
        InstallJob job = Jobs.at("job-1", "1.1.0", state, reason, SIGNER);
        job.save(dir, codec);
        return job;
    }

    private List<InstallState> reportedStates() {
        return reports.stream().map(InstallProgress::state).toList();
    }

    @Test
    void reReportsHowTheLastJobEndedAndOnlyOnce() throws Exception {
        InstallJob ended = saved(InstallState.FAILED);
        BootRecovery recovery = recovery(boot());

        recovery.start(reports::add, signals);
        recovery.start(reports::add, signals);

        assertThat(reports).containsExactly(ended.progress(42L));
        assertThat(journal.current()).isEqualTo(ended);
    }

    @Test
    void checksTheHealthOfATrialBootAndCommitsIt() throws Exception {
        installIntoB();
        saved(InstallState.REBOOTING);

        start(boot());

        Poll.until("the commit is reported", PATIENCE, () -> reportedStates().contains(InstallState.COMMITTED));
        assertThat(reportedStates()).containsExactly(InstallState.HEALTH_CHECK, InstallState.COMMITTED);
        assertThat(slots.state().committed()).isEqualTo(Slot.B);
    }

    @Test
    void reportsATrialThatCrashedAsRolledBack() throws Exception {
        installIntoB();
        saved(InstallState.HEALTH_CHECK);
        slots.boot();

        start(boot());

        InstallJob job = journal.current();
        assertThat(job.state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(InstallFailure.of(job.reason())).contains(InstallFailure.TRIAL_CRASHED);
        assertThat(job.reason()).contains("slot B was booted on trial and not committed");
        assertThat(reboots).isEmpty();
    }

    @Test
    void commitsAJobWhoseTrialWasCommittedBeforeTheJobSaidSo() throws Exception {
        installIntoB();
        saved(InstallState.HEALTH_CHECK);
        slots.boot();
        slots.commit();

        start(boot());

        assertThat(journal.current().state()).isEqualTo(InstallState.COMMITTED);
        assertThat(reportedStates()).containsExactly(InstallState.COMMITTED);
    }

    @Test
    void reportsTheRollbackOfATrialThatEndedBeforeTheJobSaidSo() throws Exception {
        installIntoB();
        saved(InstallState.HEALTH_CHECK);
        slots.boot();
        String reason = "HEALTH_CHECK_FAILED: no acknowledged reading from sensors [pressure] within 60000 ms";
        slots.rollback(reason);

        start(boot());

        assertThat(journal.current().state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(journal.current().reason()).isEqualTo(reason);
    }

    @Test
    void leavesATrialAbandonedInThisBootWithAPlainReboot() throws Exception {
        InstallJob ended = saved(InstallState.ROLLED_BACK);

        start(new RunningFirmware(new BootResult(Slot.A, false, Optional.empty(), true), "1.0.0"));

        Poll.until("the reboot", PATIENCE, () -> !reboots.isEmpty());
        assertThat(reboots).containsExactly("false: an abandoned trial still runs; back to committed slot A");
        assertThat(reports).containsExactly(ended.progress(42L));
    }

    @Test
    void failsAnInterruptedJobWhoseSlotIsNoLongerTheOneToWrite() throws Exception {
        InstallJob onA = InstallJob.queued(Jobs.command("job-1", "1.1.0", 4096, Jobs.PI4, SIGNER), Slot.A)
                .moveTo(InstallState.DOWNLOADING, 600, "");
        onA.save(dir, codec);

        start(boot());

        // The report goes out after the job file is saved: waiting for it keeps the save from racing the clean-up.
        Poll.until("the failure is reported", PATIENCE, () -> reports.stream()
                .anyMatch(r -> r.state() == InstallState.FAILED));
        assertThat(journal.current().state()).isEqualTo(InstallState.FAILED);
        assertThat(journal.current().reason())
                .isEqualTo("DOWNLOAD_FAILED: cannot resume: slot A is no longer the inactive slot");
    }
}
