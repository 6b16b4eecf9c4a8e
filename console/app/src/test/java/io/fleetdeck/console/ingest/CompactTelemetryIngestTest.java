package io.fleetdeck.console.ingest;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MessageSink;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.model.Topics;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated devices sending compact telemetry through a real mosquitto to the console's own subscriber and ingest
 * pipeline, with a real SQLite history: the batches are stored and counted like JSON ones, nothing is refused.
 */
class CompactTelemetryIngestTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void theConsoleIngestsCompactAndJsonDevicesSideBySide(@TempDir Path dir) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        PayloadCodec codec = new PayloadCodec();
        FleetRegistry registry = new FleetRegistry();
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker"))).start();
             SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(
                     Files.createDirectories(dir.resolve("history"))));
             TestSubscriber probe = new TestSubscriber(broker.url(), "probe-" + tag)) {
            IngestPipeline ingest = new IngestPipeline(codec, registry, store, new LiveFeedHub(), Clock.systemUTC());
            FleetSubscriber console = new FleetSubscriber(broker.url(), "console-" + tag, (MessageSink) ingest::accept,
                    Clock.systemUTC());
            console.start();
            Poll.until("the console subscribed", DEADLINE, console::subscribed);
            try (SimulatedFleet compact = SimulatedFleet.start(new FleetOptions(2, 20, "cmp" + tag,
                    MqttSettings.defaults(broker.url()).withTelemetryEncoding(TelemetryEncoding.COMPACT)));
                 SimulatedFleet json = SimulatedFleet.start(new FleetOptions(1, 20, "json" + tag,
                         MqttSettings.defaults(broker.url())))) {
                DeviceId compactDevice = compact.deviceIds().getFirst();
                DeviceId jsonDevice = json.deviceIds().getFirst();
                Poll.until("both kinds of device have readings stored", DEADLINE,
                        () -> readings(registry, compactDevice) >= 100 && readings(registry, jsonDevice) >= 100);
                store.flush();
                assertThat(probe.on(Topics.telemetry(compactDevice))).isNotEmpty().allSatisfy(message -> {
                    assertThat(message.payload()[0]).isEqualTo(TelemetryEncoding.COMPACT_MAGIC);
                    assertThat(message.contentType()).isEqualTo("application/vnd.fleetdeck.telemetry");
                });
                assertThat(probe.on(Topics.telemetry(jsonDevice))).isNotEmpty().allSatisfy(message -> {
                    assertThat(message.text()).startsWith("{\"v\":1,");
                    assertThat(message.contentType()).isEqualTo("application/json");
                });
                for (DeviceId device : compact.deviceIds()) {
                    assertThat(registry.device(device).map(DeviceSnapshot::rejected)).contains(0L);
                }
                assertThat(registry.device(jsonDevice).map(DeviceSnapshot::rejected)).contains(0L);
                assertThat(store.sensors(compactDevice)).isNotEmpty();
                assertThat(store.committedReadings()).isGreaterThanOrEqualTo(200);
            } finally {
                console.close();
            }
        }
    }

    private static long readings(FleetRegistry registry, DeviceId device) {
        return registry.device(device).map(DeviceSnapshot::readings).orElse(0L);
    }
}
