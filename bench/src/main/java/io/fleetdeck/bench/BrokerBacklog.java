package io.fleetdeck.bench;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many messages mosquitto still holds for its clients, from its {@code $SYS} tree (the broker must run with
 * {@code sys_interval 1}): the message store counts retained messages plus every message queued for, or in flight to,
 * a session; retained messages are counted apart. After the publishers stopped, store minus retained is what the
 * console has not yet acknowledged.
 */
final class BrokerBacklog implements AutoCloseable {
    /** The line the broker needs in its configuration for figures fresh to the second. */
    static final String SYS_INTERVAL_LINE = "sys_interval 1";

    private static final String STORED = "$SYS/broker/store/messages/count";
    private static final String RETAINED = "$SYS/broker/retained messages/count";

    private final MqttAsyncClient client;
    private final AtomicLong stored = new AtomicLong(-1);
    private final AtomicLong retained = new AtomicLong(-1);

    private BrokerBacklog(MqttAsyncClient client) {
        this.client = client;
    }

    static BrokerBacklog watch(String brokerUrl) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "bench-backlog-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        BrokerBacklog backlog = new BrokerBacklog(client);
        client.setCallback(MessageCallback.of(backlog::figure));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new String[]{STORED, RETAINED}, new int[]{0, 0}).waitForCompletion(10_000);
        return backlog;
    }

    /** Messages queued or in flight for sessions; -1 until the broker has published both figures. */
    long queuedMessages() {
        long s = stored.get();
        long r = retained.get();
        return s < 0 || r < 0 ? -1 : Math.max(0, s - r);
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(2_000);
        } catch (MqttException e) {
            // The broker may already be gone; the client is closed below either way.
        }
        try {
            client.close();
        } catch (MqttException e) {
            // Nothing left to release.
        }
    }

    private void figure(String topic, MqttMessage message) {
        long value = Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII).strip());
        (STORED.equals(topic) ? stored : retained).set(value);
    }
}
