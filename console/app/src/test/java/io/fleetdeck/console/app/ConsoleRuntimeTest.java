package io.fleetdeck.console.app;

import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.runtime.ConsoleIdentity;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Reading;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Daemon code → broker → console services → SQLite rows, without a window: once through the embedded HiveMQ the
 * console starts itself, once through Debian's mosquitto as an external broker that goes away and comes back.
 */
class ConsoleRuntimeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private static boolean online(ConsoleRuntime runtime, String id) {
        return runtime.registry().device(DeviceId.of(id)).map(DeviceSnapshot::presence)
                .filter(PresenceState.ONLINE::equals).isPresent();
    }

    @Test
    void storesASimulatedFleetArrivingThroughTheEmbeddedBroker(@TempDir Path data) throws Exception {
        try (ConsoleRuntime runtime = ConsoleRuntime.start(
                new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 2, 20, List.of()), Clock.systemUTC())) {
            Poll.until("both devices are online", PATIENCE,
                    () -> online(runtime, "sim-0001") && online(runtime, "sim-0002"));
            Poll.until("readings are committed", PATIENCE, () -> runtime.store().committedReadings() > 200);
            runtime.store().flush();

            long now = System.currentTimeMillis();
            List<Reading> history = runtime.store().history(DeviceId.of("sim-0001"), "temperature", now - 60_000, now, 10_000);
            assertThat(history).isNotEmpty();
            assertThat(history).extracting(Reading::ts).isSorted();
            assertThat(runtime.store().devices()).extracting(StoredDevice::id)
                    .containsExactly(DeviceId.of("sim-0001"), DeviceId.of("sim-0002"));
            assertThat(runtime.registry().totals().rejected()).isZero();
            assertThat(runtime.health().brokerOk()).isTrue();
            assertThat(runtime.health().broker()).startsWith("embedded broker 127.0.0.1:");
        }
        assertThat(Files.exists(data.resolve("fleetdeck.db"))).isTrue();
    }

    @Test
    void theDemoFleetKeepsItsDeviceKeysAcrossConsoleRestarts(@TempDir Path data) throws Exception {
        ConsoleSettings settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 1, 5, List.of("lo"),
                "console-keep" + Long.toHexString(System.nanoTime()));
        DeviceId device = DeviceId.of("sim-0001");
        KeyFingerprint first;
        try (ConsoleRuntime runtime = ConsoleRuntime.start(settings, Clock.systemUTC())) {
            Poll.until("the demo device is announced", PATIENCE, () -> runtime.registry().device(device)
                    .flatMap(DeviceSnapshot::announcedKey).isPresent());
            first = runtime.registry().device(device).flatMap(DeviceSnapshot::announcedKey).orElseThrow();
        }
        try (ConsoleRuntime runtime = ConsoleRuntime.start(settings, Clock.systemUTC())) {
            Poll.until("the demo device is announced again", PATIENCE, () -> runtime.registry().device(device)
                    .flatMap(DeviceSnapshot::announcedKey).isPresent());
            // A new key would show as a conflict with the one the operator may have pinned.
            assertThat(runtime.registry().device(device).flatMap(DeviceSnapshot::announcedKey)).contains(first);
        }
    }

    @Test
    void followsTheFleetThroughAnExternalMosquittoThatRestarts(@TempDir Path data, @TempDir Path brokerDir)
            throws Exception {
        try (MosquittoBroker mosquitto = new MosquittoBroker(brokerDir).start();
             ConsoleRuntime runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.of(mosquitto.url()),
                     "127.0.0.1", 0, data, 0, 1, List.of()), Clock.systemUTC());
             SimulatedFleet fleet = SimulatedFleet.start(mosquitto.url(), 2, 10, "ext")) {
            Poll.until("both devices are online", PATIENCE,
                    () -> online(runtime, "ext-0001") && online(runtime, "ext-0002"));
            assertThat(runtime.health().broker()).startsWith("broker " + mosquitto.url());

            fleet.crash(DeviceId.of("ext-0002"));
            Poll.until("the crashed device's will marks it offline", PATIENCE, () -> runtime.registry()
                    .device(DeviceId.of("ext-0002")).orElseThrow().presence() == PresenceState.OFFLINE);
            assertThat(online(runtime, "ext-0001")).isTrue();

            mosquitto.stop();
            Poll.until("the console notices the broker is gone", PATIENCE,
                    () -> runtime.connection().state() == ConnectionStatus.State.DISCONNECTED);
            assertThat(runtime.health().brokerOk()).isFalse();
            assertThat(runtime.health().broker()).contains("disconnected");

            mosquitto.start();
            Poll.until("the console reconnects", PATIENCE,
                    () -> runtime.connection().state() == ConnectionStatus.State.CONNECTED);
            long before = runtime.ingest().acceptedReadings();
            Poll.until("readings flow again after the restart", PATIENCE,
                    () -> runtime.ingest().acceptedReadings() > before + 50);
            Poll.until("the surviving device is online again", PATIENCE, () -> online(runtime, "ext-0001"));
        }
    }

    @Test
    void aCorruptHistoryFileIsMovedAsideAndTheStatusBarSaysWhere(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("fleetdeck.db"), "garbage left by a failing SD card\n".repeat(100));

        try (ConsoleRuntime runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data,
                0, 1, List.of()), Clock.systemUTC())) {
            ConsoleHealth health = runtime.health();
            assertThat(health.historyOk()).isFalse();
            assertThat(health.history()).contains("the old file was corrupt, moved aside to "
                    + data.resolve("fleetdeck.db.corrupt-"));
        }
    }

    @Test
    void aCorruptLibraryFileIsMovedAsideAndTheStatusBarSaysWhere(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("firmware.db"), "garbage left by a failing SD card\n".repeat(100));

        try (ConsoleRuntime runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data,
                0, 1, List.of()), Clock.systemUTC())) {
            ConsoleHealth health = runtime.health();
            assertThat(health.historyOk()).isFalse();
            assertThat(health.history()).contains("firmware.db was corrupt, moved aside to "
                    + data.resolve("firmware.db.corrupt-"));
        }
    }

    @Test
    void keepsNoHoleInHistoryWhileTheConsoleIsClosed(@TempDir Path data, @TempDir Path brokerDir) throws Exception {
        ConsoleSettings settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 0, 1, List.of());
        try (MosquittoBroker mosquitto = new MosquittoBroker(brokerDir).start();
             SimulatedFleet fleet = SimulatedFleet.start(mosquitto.url(), 1, 20, "gap")) {
            ConsoleSettings external = new ConsoleSettings(Optional.of(mosquitto.url()), settings.bindAddress(), 0,
                    data, 0, 1, List.of());
            long closedAt;
            try (ConsoleRuntime first = ConsoleRuntime.start(external, Clock.systemUTC())) {
                Poll.until("readings arrive", PATIENCE, () -> first.ingest().acceptedReadings() > 20);
                closedAt = System.currentTimeMillis();
            }
            Thread.sleep(1_500);
            long reopenedAt = System.currentTimeMillis();
            try (ConsoleRuntime second = ConsoleRuntime.start(external, Clock.systemUTC())) {
                Poll.until("the queued readings are delivered", PATIENCE,
                        () -> second.ingest().acceptedReadings() > 40);
                second.store().flush();
                List<Reading> gap = second.store().history(DeviceId.of("gap-0001"), "temperature",
                        closedAt + 200, reopenedAt - 200, 10_000);
                assertThat(gap).as("readings sampled while the console was closed").isNotEmpty();
                assertThat(second.consoleId()).isEqualTo(ConsoleIdentity.load(data));
            }
        }
    }
}
