package io.fleetdeck.simulator;

import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Payloads;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.mqtt.TestSubscriber.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which telemetry encoding a fleet sends, decided by what the console announces over mDNS (loopback only), against a
 * real mosquitto on 127.0.0.1 standing for the console's broker.
 */
class TelemetryNegotiationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final KeyFingerprint KEY = new KeyFingerprint("SHA256:" + "C".repeat(43));
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final PayloadCodec codec = new PayloadCodec();

    private static Advertisement announce(ServiceAdvertiser advertiser, String instance, ConsoleAnnouncement console) {
        return advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, instance, 1883, console.toTxt());
    }

    private static boolean isEncodedAs(Received message, TelemetryEncoding encoding) {
        return TelemetryEncoding.of(message.payload()) == encoding
                && encoding.contentType().equals(message.contentType());
    }

    @Test
    void autoSendsJsonToAnOldConsoleAndCompactOnceTheConsoleAnnouncesIt(@TempDir Path dir) throws Exception {
        String consoleId = "console-" + tag;
        String prefix = "neg" + tag;
        DeviceId device = DeviceId.of(prefix + "-0001");
        String telemetry = Topics.telemetry(device);
        try (MosquittoBroker broker = new MosquittoBroker(dir).start();
             TestSubscriber probe = new TestSubscriber(broker.url(), "probe-" + tag);
             MdnsEndpoints consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-" + consoleId, Duration.ofSeconds(3));
             ServiceAdvertiser console = new ServiceAdvertiser(consoleSide)) {
            Advertisement old = announce(console, consoleId,
                    new ConsoleAnnouncement(consoleId, broker.url(), Optional.of(KEY)));
            try (DiscoverableFleet fleet = DiscoverableFleet.start(
                    url -> new FleetOptions(1, 20, prefix, MqttSettings.defaults(url)
                            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))),
                    1, prefix, Optional.empty(), Optional.of(consoleId), Optional.empty(), List.of("lo"),
                    "fd-sim-" + tag, TelemetryEncodingChoice.AUTO)) {
                Poll.until("JSON batches reach the old console's broker", DEADLINE,
                        () -> probe.on(telemetry).size() >= 2);
                assertThat(probe.on(telemetry)).allSatisfy(message -> {
                    assertThat(isEncodedAs(message, TelemetryEncoding.JSON)).as(message.text()).isTrue();
                    assertThat(message.payloadFormatUtf8()).isTrue();
                });
                assertThat(fleet.fleet().orElseThrow().publishedReadings()).isPositive();

                // The console is upgraded in place: same id and broker, now announcing that it reads compact.
                console.withdraw(old);
                announce(console, consoleId, new ConsoleAnnouncement(consoleId, broker.url(), KEY));
                Poll.until("compact batches follow", DEADLINE, () -> probe.on(telemetry).stream()
                        .filter(m -> isEncodedAs(m, TelemetryEncoding.COMPACT)).count() >= 2);
                List<Received> all = probe.on(telemetry);
                Received last = all.getLast();
                assertThat(isEncodedAs(last, TelemetryEncoding.COMPACT)).isTrue();
                assertThat(last.payloadFormatUtf8()).as("binary, not UTF-8 text").isNotEqualTo(Boolean.TRUE);
                assertThat(codec.decodeTelemetry(last.payload()).readings()).isNotEmpty();
                for (Received message : all) {
                    codec.decodeTelemetry(message.payload());
                }
            }
        }
    }

    @Test
    void compactIsForcedEvenToAFixedBroker(@TempDir Path dir) throws Exception {
        String prefix = "cmp" + tag;
        DeviceId device = DeviceId.of(prefix + "-0001");
        try (MosquittoBroker broker = new MosquittoBroker(dir).start();
             TestSubscriber probe = new TestSubscriber(broker.url(), "probe-" + tag);
             DiscoverableFleet fleet = DiscoverableFleet.start(
                     url -> new FleetOptions(1, 20, prefix, MqttSettings.defaults(url)),
                     1, prefix, Optional.of(broker.url()), Optional.empty(), Optional.empty(), List.of("lo"),
                     "fd-sim-" + tag, TelemetryEncodingChoice.COMPACT)) {
            Poll.until("compact batches arrive", DEADLINE, () -> probe.on(Topics.telemetry(device)).size() >= 2);
            assertThat(probe.on(Topics.telemetry(device)))
                    .allSatisfy(m -> assertThat(isEncodedAs(m, TelemetryEncoding.COMPACT)).isTrue());
            // Everything else stays JSON.
            assertThat(probe.latest(Topics.info(device)).contentType()).isEqualTo(Payloads.CONTENT_TYPE);
        }
    }
}
