package io.fleetdeck.bench;

import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline's counts against a real mosquitto and mosquitto_sub, for both encodings. */
class BaselineSubscriberTest {
    private static final long T0 = 1_764_000_000_000L;

    private static void countsEveryReading(Path dir, TelemetryEncoding encoding) throws Exception {
        TelemetryTemplate template = new TelemetryTemplate(100, 42, encoding);
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker"))).start();
             BaselineSubscriber subscriber = BaselineSubscriber.start(broker.port(), dir, encoding, 100)) {
            MqttClient publisher = new MqttClient(broker.url(), "baseline-test-pub", new MemoryPersistence());
            publisher.connect();
            try {
                Thread.sleep(500);
                for (int seq = 0; seq < 50; seq++) {
                    // Compact payloads hold newlines and spaces among their bytes; the count must not care.
                    publisher.publish("fleetdeck/v1/bench-0001/telemetry", template.payload(seq, T0 + seq * 25L),
                            1, false);
                }
                Poll.until("mosquitto_sub printed all 50 messages", Duration.ofSeconds(10),
                        () -> subscriber.messages() >= 50);
                Thread.sleep(200);
                assertThat(subscriber.messages()).isEqualTo(50);
                assertThat(subscriber.readings()).isEqualTo(5_000);
            } finally {
                publisher.disconnect();
                publisher.close();
            }
        }
    }

    @Test
    void countsCompactBatchesByMessageTimesReadings(@TempDir Path dir) throws Exception {
        countsEveryReading(dir, TelemetryEncoding.COMPACT);
    }

    @Test
    void countsJsonReadingsByTheirKeys(@TempDir Path dir) throws Exception {
        countsEveryReading(dir, TelemetryEncoding.JSON);
    }
}
