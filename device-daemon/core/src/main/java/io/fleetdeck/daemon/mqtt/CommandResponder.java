package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Carries out one command and answers it the MQTT v5 way: on the request's response topic, with its correlation data,
 * so the console can match the answer to its request. The command runs even when it cannot be answered; the answer
 * goes only to a console's response topic, never to a topic the request merely named.
 */
final class CommandResponder {
    private static final Logger log = LoggerFactory.getLogger(CommandResponder.class);

    private final DeviceId device;
    private final CommandExecutor commands;
    private final PayloadCodec codec;
    private final QosOnePublisher publisher;

    CommandResponder(DeviceId device, CommandExecutor commands, PayloadCodec codec, QosOnePublisher publisher) {
        this.device = Objects.requireNonNull(device, "device");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /** Carries out {@code cmd/<name>} from {@code message} and publishes the response; blocks while it runs. */
    void answer(String name, MqttMessage message) {
        MqttProperties properties = message.getProperties();
        String responseTopic = properties == null ? null : properties.getResponseTopic();
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        CommandResponse response = commands.handle(name, message.getPayload());
        if (!Topics.isConsoleResponseTopic(responseTopic)) {
            log.warn("{}: cmd/{} carried out but not answered: response topic {} is not a console's", device, name,
                    Identifiers.quote(responseTopic));
            return;
        }
        try {
            publisher.publish(responseTopic, codec.encode(response), false, correlation);
        } catch (MqttException e) {
            log.warn("{}: could not answer cmd/{}: {}", device, name, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
