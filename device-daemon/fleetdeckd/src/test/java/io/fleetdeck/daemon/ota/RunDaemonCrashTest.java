package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.FleetdeckDaemon;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.JavaCommand;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.mqtt.MosquittoExtension;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.ota.ImageServer;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a real {@code fleetdeckd run} process (a child JVM) in the middle of an install, restarted as systemd
 * would (and on exit 75, the daemon's own "reboot"): the device always comes back on a committed slot and the job
 * ends in a clear state.
 */
@Timeout(180)
class RunDaemonCrashTest {
    private static final DeviceId DEVICE = DeviceId.of("run-ota-1");
    private static final List<String> PI4 = List.of("Raspberry Pi 4");
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @RegisterExtension
    final MosquittoExtension broker = new MosquittoExtension();
    private TestSubscriber console;
    private ImageServer server;
    private OtaFixtures fx;
    private final List<LabProcess> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        console = new TestSubscriber(broker.url(), "crash-console");
        server = new ImageServer();
        fx = new OtaFixtures(console, server);
        OffPiDaemon.fixtureTree(dir, "10000000cafe0077");
    }

    @AfterEach
    void tearDown() throws Exception {
        daemons.forEach(LabProcess::close);
        server.close();
        console.close();
    }

    private Path config(Duration healthTimeout) throws Exception {
        return OffPiDaemon.config(dir, broker.url(), DEVICE, dir.resolve("state"), "1.0.0", healthTimeout);
    }

    private LabProcess daemon(Path config) {
        List<String> command = JavaCommand.jvm();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetdeckDaemon.class.getName(), "run",
                "--config", config.toString(), "--mdns-interface", "lo"));
        int n = daemons.size() + 1;
        LabProcess process = LabProcess.start("fleetdeckd-" + n, command, dir.resolve("daemon-" + n + ".out"),
                dir.resolve("daemon-" + n + ".err"));
        daemons.add(process);
        return process;
    }

    private Optional<InstallJob> job() throws Exception {
        return InstallJob.load(dir.resolve("state"), new PayloadCodec());
    }

    private SlotState slots() throws Exception {
        return new DirectorySlots(dir.resolve("state/slots"), 1).state();
    }

    @Test
    void resumesAJobKilledMidDownloadAndCommitsItAfterTheRestarts() throws Exception {
        Path config = config(Duration.ofSeconds(30));
        LabProcess first = daemon(config);
        fx.awaitInfo(DEVICE, "1.0.0");
        assertThat(fx.trust(DEVICE, fx.operator, dir.resolve("state")).ok()).isTrue();
        OtaFixtures.Release release = fx.release(Files.createDirectories(dir.resolve("images")), "fw-1.1.0.img",
                "1.1.0", 2 << 20, true, PI4);
        // The first response sends 200 kB, then nothing: the download is under way when the daemon dies.
        server.stallNextAfter(200_000);
        CommandResponse accepted = fx.send(DEVICE, Commands.INSTALL, fx.command("job-kill", release));
        assertThat(accepted.ok()).as(accepted.message()).isTrue();
        fx.awaitState(DEVICE, "job-kill", InstallState.DOWNLOADING);
        Poll.until("the image request", OtaFixtures.PATIENCE, () -> !server.requests().isEmpty());

        first.kill9();
        first.waitFor(EXIT);
        assertThat(job()).hasValueSatisfying(job -> assertThat(job.state().isFinal()).isFalse());
        assertThat(slots().committed()).isEqualTo(io.fleetdeck.model.Slot.A);

        // Restarted, it resumes the job, then "reboots" into the new slot with exit 75.
        LabProcess second = daemon(config);
        assertThat(second.waitFor(EXIT)).isEqualTo(ProcessRestart.EXIT_RESTART);
        assertThat(job()).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(InstallState.REBOOTING));
        assertThat(slots().trying()).contains(io.fleetdeck.model.Slot.B);

        daemon(config);
        InstallProgress end = fx.awaitFinal(DEVICE, "job-kill");
        assertThat(end.state()).as(end.reason()).isEqualTo(InstallState.COMMITTED);
        DeviceInfo info = fx.awaitInfo(DEVICE, "1.1.0");
        assertThat(info.activeSlot()).isEqualTo(Slot.B);
        assertThat(slots().committed()).isEqualTo(io.fleetdeck.model.Slot.B);
        assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(2);
        OtaFixtures.checkedStates(fx.reports(DEVICE, "job-kill"));
    }

    @Test
    void bootsTheCommittedSlotAfterAKillDuringTheHealthCheckAndReportsTheCrashedTrial() throws Exception {
        Path config = config(Duration.ofSeconds(60));
        daemon(config);
        fx.awaitInfo(DEVICE, "1.0.0");
        assertThat(fx.trust(DEVICE, fx.operator, dir.resolve("state")).ok()).isTrue();
        // Unhealthy: its sensors stay silent, so the trial waits out its health check until we kill it.
        OtaFixtures.Release release = fx.release(Files.createDirectories(dir.resolve("images")),
                "fw-2.0.0.img.gz", "2.0.0", 1 << 20, false, PI4);
        assertThat(fx.send(DEVICE, Commands.INSTALL, fx.command("job-trial", release)).ok()).isTrue();
        assertThat(daemons.getFirst().waitFor(EXIT)).isEqualTo(ProcessRestart.EXIT_RESTART);

        LabProcess trial = daemon(config);
        fx.awaitState(DEVICE, "job-trial", InstallState.HEALTH_CHECK);
        fx.awaitInfo(DEVICE, "2.0.0");
        trial.kill9();
        trial.waitFor(EXIT);
        assertThat(slots().trying()).contains(io.fleetdeck.model.Slot.B);

        daemon(config);
        InstallProgress end = fx.awaitFinal(DEVICE, "job-trial");
        assertThat(end.state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(InstallFailure.of(end.reason())).contains(InstallFailure.TRIAL_CRASHED);
        DeviceInfo info = fx.awaitInfo(DEVICE, "1.0.0");
        assertThat(info.activeSlot()).isEqualTo(Slot.A);
        SlotState state = slots();
        assertThat(state.committed()).isEqualTo(io.fleetdeck.model.Slot.A);
        assertThat(state.trying()).isEmpty();
        assertThat(job()).hasValueSatisfying(job -> {
            assertThat(job.state()).isEqualTo(InstallState.ROLLED_BACK);
            assertThat(job.command()).isEmpty();
        });
        OtaFixtures.checkedStates(fx.reports(DEVICE, "job-trial"));
    }
}
