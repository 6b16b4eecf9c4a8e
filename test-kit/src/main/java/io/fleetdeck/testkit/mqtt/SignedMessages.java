package io.fleetdeck.testkit.mqtt;

import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignatures;
import io.fleetdeck.model.SignatureDomain;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.security.KeyPair;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signing for tests that speak MQTT by hand: the operator's signature on a command, a device's on a report or an
 * answer, as the four {@code fd-*} user properties, and the way back from a Paho message to what a receiver checks.
 */
public final class SignedMessages {
    private static final MessageSignatures COMMANDS = new MessageSignatures(SignatureDomain.COMMAND);
    private static final MessageSignatures REPORTS = new MessageSignatures(SignatureDomain.REPORT);

    private SignedMessages() {
    }

    /** The properties of {@code payload} on {@code topic} signed by {@code operator}, valid for five minutes. */
    public static Map<String, String> command(KeyPair operator, String topic, byte[] payload) {
        return COMMANDS.sign(topic, payload, operator, System.currentTimeMillis()).toProperties();
    }

    /** The same with a chosen expiry, e.g. one already past. */
    public static Map<String, String> command(KeyPair operator, String topic, byte[] payload, long expiresMs) {
        return COMMANDS.sign(topic, payload, operator, expiresMs, COMMANDS.newNonce()).toProperties();
    }

    /** A device's signature on a report or, with the request's {@code correlation}, on an answer. */
    public static Map<String, String> report(KeyPair device, String topic, byte[] payload, byte[] correlation) {
        long expires = System.currentTimeMillis() + MessageSignatures.LIFETIME.toMillis();
        String nonce = correlation != null && correlation.length >= 16 && correlation.length <= 64
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(correlation) : REPORTS.newNonce();
        return REPORTS.sign(topic, payload, device, expires, nonce).toProperties();
    }

    /** Adds {@code userProperties} to {@code properties}, after any it has. */
    public static MqttProperties with(MqttProperties properties, Map<String, String> userProperties) {
        List<UserProperty> all = new ArrayList<>(properties.getUserProperties() == null ? List.of()
                : properties.getUserProperties());
        userProperties.forEach((name, value) -> all.add(new UserProperty(name, value)));
        properties.setUserProperties(all);
        return properties;
    }

    /** Every user property of {@code message}, in order. */
    public static List<Map.Entry<String, String>> userProperties(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        if (properties == null || properties.getUserProperties() == null) {
            return List.of();
        }
        return properties.getUserProperties().stream()
                .<Map.Entry<String, String>>map(p -> new SimpleImmutableEntry<>(p.getKey(), p.getValue()))
                .toList();
    }

    /** What a receiver checks: topic, payload and user properties. */
    public static MessageEnvelope envelope(String topic, MqttMessage message) {
        return new MessageEnvelope(topic, message.getPayload(), userProperties(message));
    }
}
