package io.fleetdeck.console.runtime;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.console.trust.InMemoryDeviceKeys;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.InstallerSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.TrustKeyCommand;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole signed path with real parts: the console's services (embedded HiveMQ, signed commands, pinned device
 * keys) and virtual devices running the real device core, which check the operator's signature and sign their
 * reports. A job moves to COMMITTED only on reports signed by the key pinned for its device.
 */
@Timeout(180)
class SignedRolloutTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ConsoleServices console;
    private SimulatedFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aJobCommitsOnlyOnReportsSignedByThePinnedDeviceKey() throws Exception {
        InMemoryDeviceKeys keys = new InMemoryDeviceKeys();
        // Not about broker access: an open broker, so the raw adoption below needs no broker accounts.
        console = ConsoleServices.builder(dir.resolve("data")).embeddedBroker("127.0.0.1", 0).openBroker()
                .imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withoutHistory()
                .rolloutSettings(RolloutSettings.defaults().withRequireAdoption(false)).deviceKeys(keys).build();
        Poll.until("console subscribed", PATIENCE, console::subscribed);
        OtaSettings ota = new OtaSettings(new InstallerSettings(3, Duration.ofMillis(20), 64 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(10)), Duration.ofSeconds(4));
        fleet = SimulatedFleet.start(new FleetOptions(2, 10, "signed-e2e", MqttSettings.defaults(console.brokerUrl()),
                new SimFirmwareOptions(Optional.of(dir.resolve("fleet")), 16L << 20, ota)));
        DeviceId pinned = fleet.deviceIds().get(0);
        DeviceId notPinned = fleet.deviceIds().get(1);
        keys.pin(pinned, fleet.publicKey(pinned));
        for (DeviceId device : fleet.deviceIds()) {
            Poll.until(device + " announced", PATIENCE, () -> console.registry().info(device).isPresent());
            CommandResponse trusted = console.commands().send(device, Commands.TRUST_KEY,
                    TrustKeyCommand.offer(device, console.consoleId(), console.operatorKey().keyPair(),
                            OtaFixtures.pairingCode(dir.resolve("fleet").resolve(device.value())),
                            new java.security.SecureRandom()).toRequest())
                    .get(30, TimeUnit.SECONDS);
            long answeredAt = System.currentTimeMillis();
            assertThat(trusted.ok()).as(trusted.message()).isTrue();
            // A device that reconnects with its new broker password is offline for a moment: a pre-flight then
            // would find it unreachable (seen on a loaded machine).
            if (Boolean.parseBoolean(trusted.data().get(io.fleetdeck.model.AdoptionAnswer.RECONNECTS))) {
                Poll.until(device + " back online after adoption", PATIENCE,
                        () -> console.registry().onlineStatusAt(device) > answeredAt);
            }
        }
        Path image = SimImages.write(dir.resolve("fw-1.1.0.img"), "1.1.0", 1 << 20, true).file();

        RolloutPlan plan = console.rollouts().plan(image, fleet.deviceIds(), Optional.of("1.1.0"))
                .get(60, TimeUnit.SECONDS);
        assertThat(plan.cleared()).as(plan.refused().toString()).hasSize(2);
        List<RolloutJob> jobs = console.rollouts().start(plan).get(60, TimeUnit.SECONDS);
        assertThat(jobs).hasSize(2);

        Poll.until("the pinned device's job committed", PATIENCE, () -> console.rollouts().latestJob(pinned)
                .filter(job -> job.state() == InstallState.COMMITTED).isPresent());
        // The other device installed and committed too (its own word, signed with a key the console never pinned)...
        Poll.until("the unpinned device runs 1.1.0", PATIENCE, () -> fleet.firmwareVersion(notPinned)
                .equals("1.1.0"));
        // ...but none of its reports reached the job.
        assertThat(console.rollouts().latestJob(notPinned).orElseThrow().state()).isEqualTo(InstallState.QUEUED);
        assertThat(console.refusedInstallReports()).isPositive();
        assertThat(console.registry().device(notPinned).orElseThrow().lastRejection().orElseThrow())
                .startsWith("install report refused: UNKNOWN_KEY");
    }
}
