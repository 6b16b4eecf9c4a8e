package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.Slot;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.simulator.SimulatedFleet;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole installs on a virtual device of {@link SimulatedFleet}, as the console drives them: trust, install over MQTT,
 * download from a real HTTP server, trial boot (an in-process restart), health check, commit or rollback.
 */
@Timeout(120)
class SimulatedInstallTest {
    private static final List<String> SIMULATED = List.of("simulated");

    @TempDir
    Path dir;

    @RegisterExtension
    final MosquittoExtension broker = new MosquittoExtension();
    private TestSubscriber console;
    private ImageServer server;
    private OtaFixtures fx;
    private SimulatedFleet fleet;
    private DeviceId device;

    @BeforeEach
    void setUp() throws Exception {
        console = new TestSubscriber(broker.url(), "sim-console");
        server = new ImageServer();
        fx = new OtaFixtures(console, server);
        OtaSettings ota = new OtaSettings(new InstallerSettings(3, Duration.ofMillis(20), 64 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(10)), Duration.ofSeconds(4));
        fleet = SimulatedFleet.start(new FleetOptions(1, 10, "ota", MqttSettings.defaults(broker.url()),
                new SimFirmwareOptions(Optional.of(dir.resolve("fleet")), 16L << 20, ota)));
        device = fleet.deviceIds().getFirst();
        fx.awaitInfo(device, SimulatedFleet.FIRMWARE_VERSION);
        CommandResponse trusted = fx.trust(device, fx.operator, dir.resolve("fleet").resolve(device.value()));
        assertThat(trusted.ok()).as(trusted.message()).isTrue();
    }

    @AfterEach
    void tearDown() throws Exception {
        fleet.close();
        server.close();
        console.close();
    }

    private Path images() throws Exception {
        return Files.createDirectories(dir.resolve("images"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fw-1.1.0.img.xz", "fw-1.1.0.zip"})
    void installsACompressedImageAndCommitsItAfterAHealthyTrialBoot(String name) throws Exception {
        OtaFixtures.Release release = fx.release(images(), name, "1.1.0", 1 << 20, true, SIMULATED);

        CommandResponse accepted = fx.send(device, Commands.INSTALL, fx.command("job-1", release));
        assertThat(accepted.ok()).as(accepted.message()).isTrue();

        InstallProgress end = fx.awaitFinal(device, "job-1");
        assertThat(end.state()).as(end.reason()).isEqualTo(InstallState.COMMITTED);
        assertThat(end.bytes()).isEqualTo(release.size());
        assertThat(OtaFixtures.checkedStates(fx.reports(device, "job-1"))).startsWith(InstallState.QUEUED)
                .contains(InstallState.REBOOTING, InstallState.HEALTH_CHECK).endsWith(InstallState.COMMITTED);
        DeviceInfo info = fx.awaitInfo(device, "1.1.0");
        assertThat(info.activeSlot()).isEqualTo(Slot.B);
        assertThat(fleet.firmwareVersion(device)).isEqualTo("1.1.0");
        Path state = dir.resolve("fleet").resolve(device.value());
        assertThat(new DirectorySlots(state.resolve("slots"), 1).state().committed())
                .isEqualTo(io.fleetdeck.model.Slot.B);
    }

    @Test
    void rollsBackAnImageWhoseSensorsStaySilentAndRunsTheOldVersionAgain() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "broken-2.0.0.img.gz", "2.0.0", 512 * 1024, false,
                SIMULATED);

        assertThat(fx.send(device, Commands.INSTALL, fx.command("job-bad", release)).ok()).isTrue();

        fx.awaitState(device, "job-bad", InstallState.HEALTH_CHECK);
        InstallProgress end = fx.awaitFinal(device, "job-bad");
        assertThat(end.state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(InstallFailure.of(end.reason())).contains(InstallFailure.HEALTH_CHECK_FAILED);
        assertThat(end.reason()).contains("no acknowledged reading from sensors");
        // The trial ran 2.0.0 (info said so), then the device went back to the committed slot.
        fx.awaitInfo(device, SimulatedFleet.FIRMWARE_VERSION);
        DeviceInfo back = fx.awaitInfo(device, SimulatedFleet.FIRMWARE_VERSION);
        assertThat(back.activeSlot()).isEqualTo(Slot.A);
        assertThat(fleet.firmwareVersion(device)).isEqualTo(SimulatedFleet.FIRMWARE_VERSION);

        // The device is free again and the same image still fails the same way: nothing was left half-done.
        CommandResponse preflight = fx.send(device, Commands.PREFLIGHT, fx.command("job-again", release));
        assertThat(preflight.ok()).as(preflight.message()).isTrue();
    }

    @Test
    void resumesADownloadTheServerCutOffWithARangeRequest() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "fw-1.2.0.img", "1.2.0", 1 << 20, true, SIMULATED);
        server.dropNextAfter(300_000);

        assertThat(fx.send(device, Commands.INSTALL, fx.command("job-resume", release)).ok()).isTrue();

        InstallProgress end = fx.awaitFinal(device, "job-resume");
        assertThat(end.state()).as(end.reason()).isEqualTo(InstallState.COMMITTED);
        List<ImageServer.Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).range()).isEmpty();
        assertThat(requests.get(1).range()).hasValueSatisfying(range -> {
            assertThat(range).startsWith("bytes=");
            assertThat(Long.parseLong(range.substring(6, range.length() - 1))).isPositive().isLessThanOrEqualTo(
                    300_000);
        });
        fx.awaitInfo(device, "1.2.0");
    }

    @Test
    void refusesTheVersionItWasJustUpdatedTo() throws Exception {
        OtaFixtures.Release release = fx.release(images(), "fw-1.3.0.img.zst", "1.3.0", 256 * 1024, true,
                SIMULATED);
        fx.send(device, Commands.INSTALL, fx.command("job-1", release));
        assertThat(fx.awaitFinal(device, "job-1").state()).isEqualTo(InstallState.COMMITTED);

        CommandResponse again = fx.send(device, Commands.PREFLIGHT, fx.command("job-2", release));
        assertThat(again.ok()).isFalse();
        assertThat(again.data()).containsEntry(Commands.REASON, InstallFailure.SAME_VERSION.name());
    }
}
