package io.fleetdeck.testkit.mqtt;

import io.fleetdeck.common.mqtt.ClientShutdown;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Paho v5 console stand-in: records everything under {@code fleetdeck/v1/#} and sends commands. */
public final class TestSubscriber implements AutoCloseable {
    /** One message as it arrived. */
    public record Received(String topic, byte[] payload, boolean retained, String contentType,
                           Boolean payloadFormatUtf8, byte[] correlation,
                           List<Map.Entry<String, String>> userProperties) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final Map<String, Received> latest = new ConcurrentHashMap<>();
    private final PayloadCodec codec = new PayloadCodec();
    private final String consoleId;

    public TestSubscriber(String brokerUrl, String consoleId) throws MqttException {
        this.consoleId = consoleId;
        client = new MqttAsyncClient(brokerUrl, consoleId, new MemoryPersistence());
        client.setCallback(MessageCallback.of((topic, message) -> {
            MqttProperties p = message.getProperties();
            Received r = new Received(topic, message.getPayload(), message.isRetained(),
                    p == null ? null : p.getContentType(), p == null ? null : p.getPayloadFormat(),
                    p == null ? null : p.getCorrelationData(), SignedMessages.userProperties(message));
            messages.add(r);
            latest.put(topic, r);
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[]{new MqttSubscription(Topics.ROOT + "#", 1)})
                .waitForCompletion(10_000);
    }

    public List<Received> messages() {
        return messages;
    }

    public List<Received> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    public Received latest(String topic) {
        return latest.get(topic);
    }

    /** Sends {@code cmd/<name>} with this console's response topic and returns the decoded answer. */
    public CommandResponse request(DeviceId device, String name, byte[] payload, byte[] correlation)
            throws MqttException {
        return request(device, name, payload, correlation, Map.of());
    }

    /** {@link #request(DeviceId, String, byte[], byte[])} with user properties, e.g. an operator signature. */
    public CommandResponse request(DeviceId device, String name, byte[] payload, byte[] correlation,
                                   Map<String, String> userProperties) throws MqttException {
        String responses = Topics.consoleResponses(consoleId);
        int before = on(responses).size();
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responses);
        properties.setCorrelationData(correlation);
        properties.setContentType("application/json");
        SignedMessages.with(properties, userProperties);
        client.publish(Topics.command(device, name), new MqttMessage(payload, 1, false, properties))
                .waitForCompletion(10_000);
        Received answer = Poll.value("response to cmd/" + name, Duration.ofSeconds(20), () -> {
            List<Received> got = on(responses);
            return got.size() > before ? got.get(before) : null;
        });
        if (!java.util.Arrays.equals(correlation, answer.correlation())) {
            throw new AssertionError("correlation data differs");
        }
        try {
            return codec.decodeResponse(answer.payload());
        } catch (MalformedPayloadException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Like {@link #request}, for a device that may be gone (killed on purpose): empty when no answer with this
     * correlation data arrives within {@code wait}.
     */
    public Optional<CommandResponse> tryRequest(DeviceId device, String name, byte[] payload, byte[] correlation,
                                                Duration wait) throws MqttException {
        return tryRequest(device, name, payload, correlation, wait, Map.of());
    }

    /** {@link #tryRequest(DeviceId, String, byte[], byte[], Duration)} with user properties. */
    public Optional<CommandResponse> tryRequest(DeviceId device, String name, byte[] payload, byte[] correlation,
                                                Duration wait, Map<String, String> userProperties)
            throws MqttException {
        String responses = Topics.consoleResponses(consoleId);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responses);
        properties.setCorrelationData(correlation);
        properties.setContentType("application/json");
        SignedMessages.with(properties, userProperties);
        client.publish(Topics.command(device, name), new MqttMessage(payload, 1, false, properties))
                .waitForCompletion(10_000);
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            // Matched by correlation data: an answer to an earlier request may still arrive after its asker gave up.
            for (Received got : on(responses)) {
                if (java.util.Arrays.equals(correlation, got.correlation())) {
                    try {
                        return Optional.of(codec.decodeResponse(got.payload()));
                    } catch (MalformedPayloadException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            if (System.nanoTime() > end) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the response to cmd/" + name, e);
            }
        }
    }

    /**
     * Publishes {@code message} on {@code topic} as it is, properties and all: a replay of a message captured on the
     * wire, or a forgery.
     */
    public void publish(String topic, MqttMessage message) throws MqttException {
        client.publish(topic, message).waitForCompletion(10_000);
    }

    public CommandResponse request(DeviceId device, String name, byte[] correlation) throws MqttException {
        return request(device, name, codec.encode(new CommandRequest(Map.of())), correlation);
    }

    @Override
    public void close() {
        ClientShutdown.disconnectAndClose(client, 5000);
    }
}
