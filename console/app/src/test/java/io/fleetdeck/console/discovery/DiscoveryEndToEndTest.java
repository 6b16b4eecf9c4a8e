package io.fleetdeck.console.discovery;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise on one machine: a console (embedded broker on 127.0.0.1, any port, mDNS on lo) and a simulated
 * fleet started with no broker URL; the devices find the console over mDNS, connect to its broker and come online
 * in its registry, while the console's browser sees them announced.
 */
class DiscoveryEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DiscoveryEndToEndTest.class);

    @Test
    void devicesWithoutABrokerFindTheConsoleAndComeOnline(@TempDir Path data, @TempDir Path state) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String consoleName = "console-" + tag;
        String prefix = "e2e" + tag;
        RecordingDiscoveryListener seen = new RecordingDiscoveryListener();
        ConsoleSettings settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 0, 1, List.of("lo"),
                consoleName);
        try (ConsoleRuntime runtime = ConsoleRuntime.start(settings, Clock.systemUTC(), registry -> seen)) {
            long start = System.nanoTime();
            // Named console: other builds on this machine may announce consoles on loopback at the same time.
            try (DiscoverableFleet fleet = DiscoverableFleet.start(
                    url -> new FleetOptions(2, 5, prefix, MqttSettings.defaults(url)), 2, prefix, Optional.empty(),
                    Optional.of(consoleName), Optional.of(state), List.of("lo"), "fd-sim-" + tag)) {
                Poll.until("both devices are online in the console's registry", DEADLINE,
                        () -> online(runtime, prefix + "-0001") && online(runtime, prefix + "-0002"));
                log.info("fleet start to both devices online via mDNS on lo: {} ms",
                        (System.nanoTime() - start) / 1_000_000);
                assertThat(fleet.fleet().orElseThrow().deviceIds().getFirst().value()).isEqualTo(prefix + "-0001");
                long before = runtime.ingest().acceptedReadings();
                Poll.until("telemetry flows", DEADLINE, () -> runtime.ingest().acceptedReadings() > before + 10);

                Poll.until("the console's browser sees both devices announced", DEADLINE,
                        () -> seen.last(prefix + "-0001").isPresent() && seen.last(prefix + "-0002").isPresent());
                assertThat(seen.last(prefix + "-0001").orElseThrow().announcement().fingerprint())
                        .isEqualTo(fleet.announcers().getFirst().current().fingerprint());
                assertThat(Files.exists(state.resolve(prefix + "-0001").resolve("device-key.pem"))).isTrue();
            }
            Poll.until("the fleet's goodbyes reach the console", DEADLINE,
                    () -> seen.departedInstance(prefix + "-0001") && seen.departedInstance(prefix + "-0002"));
            assertThat(runtime.registry().device(DeviceId.of(prefix + "-0001")).orElseThrow().presence())
                    .isEqualTo(PresenceState.OFFLINE);
        }
    }

    private static boolean online(ConsoleRuntime runtime, String id) {
        return runtime.registry().device(DeviceId.of(id)).map(DeviceSnapshot::presence)
                .filter(PresenceState.ONLINE::equals).isPresent();
    }
}
