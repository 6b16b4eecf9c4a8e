package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceTopic;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.TopicKind;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The device's command topics: subscribes to its {@code cmd/+} on every connect (clean start keeps no subscription)
 * and dispatches each command that arrives to the responder on a session task. Messages that are not a command to
 * this device are dropped, and so are retained commands.
 */
final class ControlChannel {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);

    private final DeviceId device;
    private final MqttAsyncClient client;
    private final ExecutorService tasks;
    private final CommandResponder responder;

    ControlChannel(DeviceId device, MqttAsyncClient client, ExecutorService tasks, CommandResponder responder) {
        this.device = Objects.requireNonNull(device, "device");
        this.client = Objects.requireNonNull(client, "client");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** Subscribes to this device's commands at QoS 1 and waits up to {@code timeoutMs} for the SUBACK. */
    void subscribe(long timeoutMs) throws MqttException {
        client.subscribe(new MqttSubscription(Topics.commandFilter(device), 1)).waitForCompletion(timeoutMs);
    }

    /** A message arrived on Paho's callback thread; returns at once. */
    void arrived(String topic, MqttMessage message) {
        // Never block Paho's callback thread: publishing the answer from it would wait on itself.
        try {
            tasks.execute(() -> dispatch(topic, message));
        } catch (RejectedExecutionException closed) {
            log.debug("{}: closing, dropped command on {}", device, topic);
        }
    }

    private void dispatch(String topic, MqttMessage message) {
        Optional<DeviceTopic> parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignored message on {}: {}", device, Identifiers.quote(topic), e.getMessage());
            return;
        }
        if (parsed.isEmpty() || parsed.get().kind() != TopicKind.COMMAND || !parsed.get().device().equals(device)) {
            return;
        }
        String name = parsed.get().command().orElseThrow();
        if (message.isRetained()) {
            // A retained command would run again at every reconnect; commands are one-shot.
            log.warn("{}: ignored retained cmd/{}", device, name);
            return;
        }
        responder.answer(topic, name, message);
    }
}
