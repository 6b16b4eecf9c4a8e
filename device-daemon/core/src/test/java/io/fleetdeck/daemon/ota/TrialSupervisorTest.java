package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A trial boot on real slot files: committed when healthy, else rolled back with a plain reboot. */
class TrialSupervisorTest {
    private static final DeviceId DEVICE = DeviceId.of("trial-1");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<InstallProgress> reports = new CopyOnWriteArrayList<>();
    private final List<String> reboots = new CopyOnWriteArrayList<>();
    private final TestSignals signals = new TestSignals();
    private final OtaWorker worker = new OtaWorker(DEVICE);

    @TempDir
    Path dir;

    private DirectorySlots slots;
    private RunningFirmware running;
    private JobJournal journal;
    private DeviceRestart restart;

    @BeforeEach
    void setUp() throws Exception {
        slots = new DirectorySlots(dir.resolve("slots"), 1 << 20);
        Files.write(slots.file(Slot.B), new byte[16]);
        slots.markTrying(Slot.B);
        SlotVersions versions = new SlotVersions(dir);
        versions.record(Slot.B, "1.1.0");
        running = RunningFirmware.boot(slots, versions, "1.0.0");
        journal = new JobJournal(DEVICE, dir, new PayloadCodec(), () -> 42L);
        journal.open(reports::add);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.HEALTH_CHECK, OtaFixtures.newKey()));
    }

    @AfterEach
    void tearDown() {
        worker.close();
    }

    private TrialSupervisor supervisor(Duration timeout, Rebooter rebooter) {
        HealthWatch health = new HealthWatch();
        health.attach(signals);
        restart = new DeviceRestart(rebooter);
        return new TrialSupervisor(DEVICE, running, slots, timeout, journal, health, restart, worker);
    }

    private TrialSupervisor supervisor(Duration timeout) {
        return supervisor(timeout, (trial, why) -> reboots.add(trial + ": " + why));
    }

    private InstallJob awaitFinal() {
        Poll.until("the job ends", PATIENCE, () -> journal.current().state().isFinal());
        return journal.current();
    }

    @Test
    void commitsATrialOnTheBrokerWithAReadingFromEverySensor() throws Exception {
        signals.healthy();

        supervisor(PATIENCE).superviseInBackground();

        assertThat(awaitFinal().state()).isEqualTo(InstallState.COMMITTED);
        assertThat(slots.state().committed()).isEqualTo(Slot.B);
        assertThat(slots.state().trying()).isEmpty();
        assertThat(reboots).isEmpty();
        assertThat(restart.requested()).isFalse();
    }

    @Test
    void rollsBackAndRebootsIntoTheCommittedSlotWhenASensorStaysSilent() throws Exception {
        signals.acknowledged.addAll(List.of("temp", "humidity"));

        supervisor(Duration.ofMillis(300)).superviseInBackground();

        InstallJob job = awaitFinal();
        assertThat(job.state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(job.reason()).startsWith("HEALTH_CHECK_FAILED").contains("[pressure]").contains("within 300 ms");
        assertThat(slots.state().committed()).isEqualTo(Slot.A);
        assertThat(slots.state().lastRollback()).contains(job.reason());
        Poll.until("the reboot", PATIENCE, () -> !reboots.isEmpty());
        assertThat(reboots).containsExactly("false: " + job.reason());
        assertThat(restart.requested()).isTrue();
    }

    @Test
    void keepsTheRollbackWhenTheRebootIntoTheCommittedSlotFails() throws Exception {
        AtomicBoolean attempted = new AtomicBoolean();
        TrialSupervisor supervisor = supervisor(Duration.ofMillis(100), (trial, why) -> {
            attempted.set(true);
            throw new IOException("'reboot' exited with 1");
        });

        supervisor.superviseInBackground();

        assertThat(awaitFinal().state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(slots.state().committed()).isEqualTo(Slot.A);
        Poll.until("the failed reboot is forgotten", PATIENCE, () -> attempted.get() && !restart.requested());
    }

    @Test
    void leavesATrialAbandonedInThisBootWithAPlainRebootAndLeavesTheJobAlone() {
        supervisor(PATIENCE).leaveAbandonedInBackground();

        Poll.until("the reboot", PATIENCE, () -> !reboots.isEmpty());
        assertThat(reboots).containsExactly("false: an abandoned trial still runs; back to committed slot B");
        assertThat(journal.current().state()).isEqualTo(InstallState.HEALTH_CHECK);
    }

    @Test
    void closingStopsTheHealthCheckWithoutADecision() throws Exception {
        supervisor(PATIENCE).superviseInBackground();
        Thread.sleep(200);

        worker.close();
        Thread.sleep(300);

        assertThat(journal.current().state()).isEqualTo(InstallState.HEALTH_CHECK);
        assertThat(slots.state().trying()).contains(Slot.B);
        assertThat(reboots).isEmpty();
    }
}
