package io.fleetdeck.model;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One MQTT message as a receiver checks its signature: the topic it came on, its payload bytes as received and its
 * MQTT v5 user properties in order. Plain Java, so the checks live here and each side adapts its MQTT client to it.
 *
 * @param topic          the topic the message was published on
 * @param payload        the payload exactly as received; the signature covers these bytes
 * @param userProperties every user property, in order, repeats included
 */
public record MessageEnvelope(String topic, byte[] payload, List<Map.Entry<String, String>> userProperties) {
    public MessageEnvelope {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = userProperties.stream()
                .<Map.Entry<String, String>>map(p -> new SimpleImmutableEntry<>(p.getKey(), p.getValue()))
                .toList();
    }

    /** A message without user properties, e.g. from a test or a client that does not sign. */
    public static MessageEnvelope unsigned(String topic, byte[] payload) {
        return new MessageEnvelope(topic, payload, List.of());
    }

    /** A message carrying {@code signature}'s four properties. */
    public static MessageEnvelope signed(String topic, byte[] payload, MessageSignature signature) {
        return new MessageEnvelope(topic, payload, List.copyOf(signature.toProperties().entrySet()));
    }

    /**
     * The signature the properties carry; empty when none.
     *
     * @throws MessageVerificationException {@code BAD_SIGNATURE} for a partial, repeated or malformed signature
     */
    public Optional<MessageSignature> signature() throws MessageVerificationException {
        return MessageSignature.fromProperties(userProperties);
    }
}
