package io.fleetdeck.simulator;

import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Payloads;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.MosquittoExtension;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated fleet against a real mosquitto on 127.0.0.1. */
class SimulatedFleetTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final PayloadCodec codec = new PayloadCodec();

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    private static FleetOptions options(String url, int devices, String prefix) {
        return new FleetOptions(devices, 20, prefix, MqttSettings.defaults(url)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private static DeviceStatus status(TestSubscriber console, DeviceId id) {
        TestSubscriber.Received r = console.latest(Topics.status(id));
        if (r == null) {
            return null;
        }
        try {
            return codec.decodeStatus(r.payload());
        } catch (MalformedPayloadException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void publishesRetainedInfoAndStatusAndDecodableTelemetry() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(options(broker.url(), 3, "pub"))) {
            assertThat(fleet.deviceIds()).extracting(DeviceId::value).containsExactly("pub-0001", "pub-0002", "pub-0003");
            Poll.until("3 devices connected", DEADLINE, () -> fleet.connectedDevices() == 3);
            Poll.until("acknowledged readings", DEADLINE, () -> fleet.publishedReadings() > 50);

            // A console that connects afterwards still learns about every device from the retained messages.
            try (TestSubscriber console = new TestSubscriber(broker.url(), "late-console")) {
                for (DeviceId id : fleet.deviceIds()) {
                    TestSubscriber.Received info = Poll.value("info of " + id, DEADLINE,
                            () -> console.latest(Topics.info(id)));
                    assertThat(info.retained()).isTrue();
                    assertThat(info.contentType()).isEqualTo(Payloads.CONTENT_TYPE);
                    assertThat(info.payloadFormatUtf8()).isTrue();
                    DeviceInfo decoded = codec.decodeInfo(info.payload());
                    assertThat(decoded.firmwareVersion()).isEqualTo(SimulatedFleet.FIRMWARE_VERSION);
                    assertThat(decoded.sensors()).extracting(s -> s.id())
                            .containsExactlyInAnyOrder("temperature", "soc-temp", "humidity", "pressure");

                    Poll.until("online status of " + id, DEADLINE, () -> status(console, id) != null);
                    assertThat(console.latest(Topics.status(id)).retained()).isTrue();
                    assertThat(status(console, id).state()).isEqualTo(Presence.ONLINE);
                }
                DeviceId first = fleet.deviceIds().getFirst();
                Poll.until("telemetry of " + first, DEADLINE, () -> console.on(Topics.telemetry(first)).size() >= 3);
                Set<String> sensors = new HashSet<>();
                for (TestSubscriber.Received message : console.on(Topics.telemetry(first))) {
                    assertThat(message.contentType()).isEqualTo(Payloads.CONTENT_TYPE);
                    TelemetryBatch batch = codec.decodeTelemetry(message.payload());
                    batch.readings().forEach(r -> sensors.add(r.sensor()));
                    for (Reading reading : batch.readings()) {
                        if (reading.sensor().equals("humidity")) {
                            assertThat(reading.value()).isBetween(0.0, 100.0);
                        }
                    }
                }
                assertThat(sensors).contains("temperature", "humidity", "pressure", "soc-temp");
            }
        }
    }

    @Test
    void crashedDeviceIsAnnouncedOfflineByItsWill() throws Exception {
        try (TestSubscriber console = new TestSubscriber(broker.url(), "will-console");
             SimulatedFleet fleet = SimulatedFleet.start(options(broker.url(), 2, "will"))) {
            DeviceId victim = fleet.deviceIds().get(1);
            Poll.until("both connected", DEADLINE, () -> fleet.connectedDevices() == 2);
            Poll.until("victim online", DEADLINE,
                    () -> status(console, victim) != null && status(console, victim).state() == Presence.ONLINE);

            fleet.crash(victim);

            Poll.until("offline will of the crashed device", DEADLINE,
                    () -> status(console, victim).state() == Presence.OFFLINE);
            assertThat(fleet.connectedDevices()).isEqualTo(1);
            assertThat(status(console, fleet.deviceIds().getFirst()).state()).isEqualTo(Presence.ONLINE);
        }
    }

    @Test
    void closePublishesRetainedOffline() throws Exception {
        SimulatedFleet fleet = SimulatedFleet.start(options(broker.url(), 1, "bye"));
        DeviceId id = fleet.deviceIds().getFirst();
        Poll.until("connected", DEADLINE, () -> fleet.connectedDevices() == 1);
        fleet.close();
        try (TestSubscriber console = new TestSubscriber(broker.url(), "after-close")) {
            Poll.until("retained status", DEADLINE, () -> status(console, id) != null);
            assertThat(status(console, id).state()).isEqualTo(Presence.OFFLINE);
            assertThat(console.latest(Topics.status(id)).retained()).isTrue();
        }
    }

    @Test
    void comesBackOnlineAfterTheBrokerRestarts(@TempDir Path ownBrokerDir) throws Exception {
        try (MosquittoBroker own = new MosquittoBroker(ownBrokerDir).start();
             SimulatedFleet fleet = SimulatedFleet.start(options(own.url(), 2, "phoenix"))) {
            Poll.until("connected", DEADLINE, () -> fleet.connectedDevices() == 2);
            own.stop();
            Poll.until("disconnect noticed", DEADLINE, () -> fleet.connectedDevices() == 0);
            long before = fleet.publishedReadings();
            own.start();
            Poll.until("reconnected", DEADLINE, () -> fleet.connectedDevices() == 2);
            Poll.until("telemetry flowing again", DEADLINE, () -> fleet.publishedReadings() > before);
            // The restarted broker kept nothing (persistence false): the retained state is the devices' doing.
            try (TestSubscriber console = new TestSubscriber(own.url(), "restart-console")) {
                for (DeviceId id : fleet.deviceIds()) {
                    Poll.until("retained online of " + id, DEADLINE,
                            () -> status(console, id) != null && status(console, id).state() == Presence.ONLINE);
                    Poll.until("retained info of " + id, DEADLINE, () -> console.latest(Topics.info(id)) != null);
                }
            }
        }
    }

    @Test
    void answersCommandsOnTheConsoleResponseTopicWithCorrelationData() throws Exception {
        try (TestSubscriber console = new TestSubscriber(broker.url(), "cmd-console");
             SimulatedFleet fleet = SimulatedFleet.start(options(broker.url(), 1, "cmd"))) {
            DeviceId id = fleet.deviceIds().getFirst();
            Poll.until("connected", DEADLINE, () -> fleet.connectedDevices() == 1);

            CommandResponse pong = console.request(id, "ping", "corr-1".getBytes(StandardCharsets.UTF_8));
            assertThat(pong.ok()).isTrue();
            assertThat(pong.data()).containsKeys("uptimeMs", "readingsPublished")
                    .containsEntry("firmware", SimulatedFleet.FIRMWARE_VERSION);

            CommandResponse identify = console.request(id, "identify", new byte[]{1, 2, 3});
            assertThat(identify.ok()).isTrue();

            CommandResponse unknown = console.request(id, "reboot-now", new byte[]{4});
            assertThat(unknown.ok()).isFalse();
            assertThat(unknown.message()).startsWith("unknown command").contains("reboot-now");

            CommandResponse malformed = console.request(id, "ping",
                    "{\"v\":1,\"args\":{},\"extra\":true}".getBytes(StandardCharsets.UTF_8), new byte[]{5});
            assertThat(malformed.ok()).isFalse();
            assertThat(malformed.message()).contains("unknown field");

            CommandResponse notJson = console.request(id, "ping", "hello".getBytes(StandardCharsets.UTF_8),
                    new byte[]{6});
            assertThat(notJson.ok()).isFalse();
            assertThat(fleet.connectedDevices()).isEqualTo(1);
        }
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedFleet.start("localhost:1883", 1, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://HOST:PORT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedFleet.start(broker.url(), 1, 0, "x"))
                .hasMessageContaining("rate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedFleet.start(broker.url(), 1, 1, "bad/id"))
                .hasMessageContaining("device id");
        assertThat(List.of()).isEmpty();
    }

    @Test
    void movingToAnotherBrokerKeepsNumberingAndDeliversWhatTheOldOneNeverAcknowledged(@TempDir Path otherDir)
            throws Exception {
        java.nio.file.Files.createDirectories(otherDir.resolve("old"));
        java.nio.file.Files.createDirectories(otherDir.resolve("next"));
        try (MosquittoBroker old = new MosquittoBroker(otherDir.resolve("old")).start();
             MosquittoBroker next = new MosquittoBroker(otherDir.resolve("next")).start();
             TestSubscriber console = new TestSubscriber(next.url(), "console-next");
             SimulatedFleet fleet = SimulatedFleet.start(options(old.url(), 1, "mover"))) {
            DeviceId id = fleet.deviceIds().getFirst();
            Poll.until("readings acknowledged by the old broker", DEADLINE, () -> fleet.publishedReadings() > 40);
            old.stop();
            Thread.sleep(500); // readings keep being sampled while no broker listens
            long movedAt = System.currentTimeMillis();
            fleet.moveTo(next.url());

            Poll.until("telemetry arrives at the new broker", DEADLINE,
                    () -> console.on(Topics.telemetry(id)).size() >= 3);
            List<TelemetryBatch> batches = new java.util.ArrayList<>();
            for (TestSubscriber.Received received : console.on(Topics.telemetry(id))) {
                batches.add(codec.decodeTelemetry(received.payload()));
            }
            assertThat(batches.getFirst().seq()).as("numbering goes on from the old session").isPositive();
            assertThat(batches.stream().flatMap(b -> b.readings().stream()).mapToLong(Reading::ts).min().orElseThrow())
                    .as("readings sampled before the move are delivered").isLessThan(movedAt);
        }
    }
}
