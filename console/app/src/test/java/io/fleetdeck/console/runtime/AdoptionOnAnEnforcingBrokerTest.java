package io.fleetdeck.console.runtime;

import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adoption against the embedded broker with access control on, as the window runs it: a device that trusts no
 * console is adopted with its pairing code, reconnects with the broker password it handed over, and is admitted as
 * adopted; the broker then refuses it nothing it needs.
 */
@Timeout(120)
class AdoptionOnAnEnforcingBrokerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    void anAdoptedDeviceReconnectsWithItsPasswordAndIsAdmitted() throws Exception {
        console = ConsoleServices.builder(dir.resolve("data")).embeddedBroker("127.0.0.1", 0)
                .imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .rolloutSettings(RolloutSettings.defaults()).build();
        Poll.until("console subscribed", PATIENCE, console::subscribed);
        fleet = SimulatedFleet.start(new FleetOptions(1, 10, "enforced", MqttSettings.defaults(console.brokerUrl()),
                SimFirmwareOptions.defaults().withStateRoot(dir.resolve("fleet"))));
        DeviceId device = fleet.deviceIds().getFirst();
        Poll.until(device + " online as a new device", PATIENCE, () -> console.registry().device(device)
                .filter(d -> d.presence() == PresenceState.ONLINE).isPresent());
        // What mDNS would tell: the key the device announces.
        console.registry().recordAnnouncement(new io.fleetdeck.model.DeviceAnnouncement(device, "simulated",
                "sim-1.0.0", io.fleetdeck.model.KeyFingerprint.of(fleet.publicKey(device))), device.value(),
                "localhost.", java.util.List.of("127.0.0.1"), "lo", 1);

        console.trust().orElseThrow().adopt(device, OtaFixtures.pairingCode(dir.resolve("fleet")
                .resolve(device.value()))).get(60, TimeUnit.SECONDS);

        long refusedBefore = console.brokerRefusals().refusedConnects();
        Poll.until(device + " back online after adoption", PATIENCE, () -> console.registry().device(device)
                .filter(d -> d.presence() == PresenceState.ONLINE).isPresent());
        assertThat(console.registry().device(device).orElseThrow().adopted()).isTrue();
        assertThat(console.brokerRefusals().refusedConnects()).isEqualTo(refusedBefore);
        assertThat(console.brokerRefusals().refusedPublishes()).isZero();
    }
}
