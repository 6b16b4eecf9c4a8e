package io.fleetdeck.console.broker;

import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker hands telemetry to the console's ingest and answers the device's PUBACK only when the ingest
 * says the batch is stored; other topics pass untouched. Real HiveMQ, real Paho device.
 */
class TelemetryIntakeTest {
    private static final DeviceId PI = DeviceId.of("pi-intake");

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private MqttAsyncClient device;
    private final Queue<String> taken = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();

    @AfterEach
    void close() throws Exception {
        held.forEach(Runnable::run);
        if (device != null && device.isConnected()) {
            device.disconnect().waitForCompletion(5_000);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theDevicesPubackWaitsForTheCommit() throws Exception {
        start();
        IMqttToken first = publish(Topics.telemetry(PI), "batch-1");
        await(() -> taken.size() == 1);
        Thread.sleep(300);
        assertThat(first.isComplete()).as("no PUBACK before the history committed").isFalse();

        held.poll().run();
        first.waitForCompletion(5_000);
        assertThat(first.isComplete()).isTrue();
        assertThat(first.getReasonCodes()).containsOnly(0x10);
        assertThat(taken).containsExactly(Topics.telemetry(PI) + "=batch-1");
    }

    /**
     * HiveMQ keeps a client's publishes in order: the next batch of a device reaches the ingest once the one before it
     * is stored. A device's in-flight window therefore waits on the commit; devices do not wait for each other.
     */
    @Test
    void aDevicesBatchesAreTakenInOrderEachAfterTheCommitBeforeIt() throws Exception {
        start();
        List<IMqttToken> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(publish(Topics.telemetry(PI), "batch-" + i));
        }
        for (int i = 1; i <= 8; i++) {
            int expected = i;
            await(() -> taken.size() == expected);
            held.poll().run();
        }
        for (IMqttToken token : tokens) {
            token.waitForCompletion(5_000);
        }
        assertThat(taken).containsExactly(java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> Topics.telemetry(PI) + "=batch-" + i).toArray(String[]::new));
    }

    @Test
    void otherTopicsAreNotTaken() throws Exception {
        start();
        publish(Topics.events(PI), "{}").waitForCompletion(5_000);
        publish("elsewhere/telemetry", "x").waitForCompletion(5_000);
        assertThat(taken).isEmpty();
    }

    private void start() throws Exception {
        TelemetryIntake intake = new TelemetryIntake((topic, payload, acknowledge) -> {
            taken.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
            held.add(acknowledge);
        }, false);
        broker = EmbeddedBroker.start(BrokerSettings.loopback(dir).withPort(0), null, Optional.empty(),
                new AccessLog(), Optional.of(intake));
        device = new MqttAsyncClient(broker.endpoint().url(), PI.value(), new MemoryPersistence());
        device.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
    }

    private IMqttToken publish(String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return device.publish(topic, message);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
