package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Carries out one command and answers it the MQTT v5 way: on the request's response topic, with its correlation data,
 * so the console can match the answer to its request. The command runs even when it cannot be answered; the answer
 * goes only to a console's response topic, never to a topic the request merely named. The answer is signed with the
 * device key, its nonce the request's correlation data, so it cannot be passed off as the answer to another request.
 */
final class CommandResponder {
    private static final Logger log = LoggerFactory.getLogger(CommandResponder.class);

    private final DeviceId device;
    private final CommandExecutor commands;
    private final PayloadCodec codec;
    private final QosOnePublisher publisher;
    private final ReportSigner signer;

    CommandResponder(DeviceId device, CommandExecutor commands, PayloadCodec codec, QosOnePublisher publisher,
                     ReportSigner signer) {
        this.device = Objects.requireNonNull(device, "device");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Carries out {@code cmd/<name>} from {@code message} on {@code topic} and publishes the response; blocks. */
    void answer(String topic, String name, MqttMessage message) {
        MqttProperties properties = message.getProperties();
        String responseTopic = properties == null ? null : properties.getResponseTopic();
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        CommandResponse response = commands.handle(name, new MessageEnvelope(topic, message.getPayload(),
                userProperties(properties)));
        if (!Topics.isConsoleResponseTopic(responseTopic)) {
            log.warn("{}: cmd/{} carried out but not answered: response topic {} is not a console's", device, name,
                    Identifiers.quote(responseTopic));
            return;
        }
        try {
            byte[] payload = codec.encode(response);
            publisher.publish(responseTopic, payload, false, correlation,
                    signer.sign(responseTopic, payload, correlation));
        } catch (MqttException e) {
            log.warn("{}: could not answer cmd/{}: {}", device, name, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Map.Entry<String, String>> userProperties(MqttProperties properties) {
        if (properties == null || properties.getUserProperties() == null) {
            return List.of();
        }
        return properties.getUserProperties().stream()
                .<Map.Entry<String, String>>map(p -> new SimpleImmutableEntry<>(p.getKey(), p.getValue()))
                .toList();
    }
}
