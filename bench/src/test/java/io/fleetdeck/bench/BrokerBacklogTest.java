package io.fleetdeck.bench;

import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerBacklogTest {

    @Test
    void countsWhatTheBrokerQueuedForAnAbsentSessionUntilItTookIt(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir, MosquittoBroker.Tuning.NO_DROP,
                List.of(BrokerBacklog.SYS_INTERVAL_LINE)).start();
             BrokerBacklog backlog = BrokerBacklog.watch(broker.url())) {
            AtomicInteger received = new AtomicInteger();
            MqttClient console = session(broker, received);
            console.disconnect();
            MqttClient device = new MqttClient(broker.url(), "device", new MemoryPersistence());
            device.connect();
            device.publish("fleetdeck/v1/dev-0001/info", "{}".getBytes(StandardCharsets.UTF_8), 1, true);
            for (int i = 0; i < 5; i++) {
                device.publish("fleetdeck/v1/dev-0001/telemetry", ("m" + i).getBytes(StandardCharsets.UTF_8), 1,
                        false);
            }

            // The retained info is stored too, but is not a backlog.
            Poll.until("five queued messages", Duration.ofSeconds(15), () -> backlog.queuedMessages() == 5);
            MqttClient back = session(broker, received);
            Poll.until("the session took its messages", Duration.ofSeconds(15), () -> received.get() == 5);
            Poll.until("an empty backlog", Duration.ofSeconds(15), () -> backlog.queuedMessages() == 0);

            back.disconnect();
            device.disconnect();
            assertThat(received).hasValue(5);
        }
    }

    /** A persistent session on telemetry only, as the console keeps one. */
    private static MqttClient session(MosquittoBroker broker, AtomicInteger received) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), "console", new MemoryPersistence());
        client.setCallback(MessageCallback.of((topic, message) -> received.incrementAndGet()));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3_600L);
        client.connect(options);
        client.subscribe("fleetdeck/v1/+/telemetry", 1);
        return client;
    }
}
