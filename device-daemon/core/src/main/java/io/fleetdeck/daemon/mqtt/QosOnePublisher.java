package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.Payloads;
import io.fleetdeck.model.TelemetryEncoding;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's way onto the wire: QoS 1 messages with the protocol's payload properties. Paho v5 refuses a publish
 * with reason 32202 when its in-flight window is full instead of queueing it, so the control messages (status, info,
 * events, install reports, command responses) wait that out here; telemetry waits in its own loop. Every such wait is
 * counted here, whichever publisher it was.
 */
final class QosOnePublisher {
    /** Paho's "too many publishes in progress": its window is full and it does not queue. */
    static final int REASON_MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;

    private final MqttAsyncClient client;
    /** How long a control message waits out a full window: the close timeout, as a close would wait no longer. */
    private final Duration patience;
    private final AtomicLong windowFullRetries = new AtomicLong();

    QosOnePublisher(MqttAsyncClient client, Duration patience) {
        this.client = Objects.requireNonNull(client, "client");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /**
     * Publishes a control message, waiting out Paho's full window (32202) for up to the patience instead of failing.
     *
     * @param correlation the request's correlation data for a command response, else null
     */
    IMqttToken publish(String topic, byte[] payload, boolean retained, byte[] correlation)
            throws MqttException, InterruptedException {
        return publish(topic, payload, retained, correlation, Map.of());
    }

    /** {@link #publish(String, byte[], boolean, byte[])} with MQTT v5 user properties, e.g. a signature. */
    IMqttToken publish(String topic, byte[] payload, boolean retained, byte[] correlation,
                       Map<String, String> userProperties) throws MqttException, InterruptedException {
        MqttMessage message = message(payload, retained, correlation);
        if (!userProperties.isEmpty()) {
            List<UserProperty> properties = new ArrayList<>();
            userProperties.forEach((name, value) -> properties.add(new UserProperty(name, value)));
            message.getProperties().setUserProperties(properties);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return client.publish(topic, message);
            } catch (MqttException e) {
                if (e.getReasonCode() != REASON_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
                windowFullRetries.incrementAndGet();
                Thread.sleep(2);
            }
        }
    }

    /** One attempt, settled through {@code listener}; the caller decides whether a full window is worth a retry. */
    void publishOnce(String topic, MqttMessage message, MqttActionListener listener) throws MqttException {
        client.publish(topic, message, null, listener);
    }

    /** Counts a retry the caller made after Paho refused a publish with 32202. */
    void countWindowFull() {
        windowFullRetries.incrementAndGet();
    }

    /** How often Paho refused a publish because its window was full (reason 32202) and it was retried. */
    long windowFullRetries() {
        return windowFullRetries.get();
    }

    static MqttMessage message(byte[] payload, boolean retained, byte[] correlation) {
        MqttProperties properties = payloadProperties();
        if (correlation != null) {
            properties.setCorrelationData(correlation);
        }
        return new MqttMessage(payload, 1, retained, properties);
    }

    /**
     * A telemetry batch: its content type says which encoding it is, and only JSON claims to be UTF-8 text (a broker
     * may check a payload that does, and would refuse the binary form).
     */
    static MqttMessage telemetryMessage(byte[] payload, TelemetryEncoding encoding) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(encoding.contentType());
        properties.setPayloadFormat(encoding.isText());
        return new MqttMessage(payload, 1, false, properties);
    }

    static MqttProperties payloadProperties() {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(Payloads.CONTENT_TYPE);
        properties.setPayloadFormat(true);
        return properties;
    }
}
