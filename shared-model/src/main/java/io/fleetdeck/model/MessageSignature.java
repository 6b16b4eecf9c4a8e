package io.fleetdeck.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signature of one MQTT message, carried as four MQTT v5 user properties so that JSON payloads stay as they are:
 * {@code fd-key} (the signer's {@link KeyFingerprint}), {@code fd-exp} (epoch ms after which it is void),
 * {@code fd-nonce} (16+ random bytes, base64url) and {@code fd-sig} (base64 of the 64-byte Ed25519 signature over
 * {@link MessageSignatures#signedBytes}).
 *
 * @param key       fingerprint of the signing key
 * @param expiresMs epoch ms on the signer's clock after which the message must not be acted on
 * @param nonce     base64url (no padding) of at least 16 bytes, unique per message
 * @param signature base64 of the Ed25519 signature
 */
public record MessageSignature(KeyFingerprint key, long expiresMs, String nonce, String signature) {
    public static final String KEY = "fd-key";
    public static final String EXPIRES = "fd-exp";
    public static final String NONCE = "fd-nonce";
    public static final String SIGNATURE = "fd-sig";
    /** The four property names, in the order they are written. */
    public static final List<String> PROPERTIES = List.of(KEY, EXPIRES, NONCE, SIGNATURE);

    /** 16 to 64 bytes of base64url without padding: 22 to 86 characters. */
    private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{22,86}");
    private static final Pattern SIGNATURE_FORMAT = Pattern.compile("[A-Za-z0-9+/]{86}==");

    public MessageSignature {
        Objects.requireNonNull(key, "key");
        if (expiresMs <= 0) {
            throw new IllegalArgumentException(EXPIRES + " is not a positive epoch ms: " + expiresMs);
        }
        if (nonce == null || !NONCE_FORMAT.matcher(nonce).matches()) {
            throw new IllegalArgumentException(NONCE + " is not 16-64 bytes of base64url: " + Identifiers.quote(nonce));
        }
        if (signature == null || !SIGNATURE_FORMAT.matcher(signature).matches()) {
            throw new IllegalArgumentException(SIGNATURE + " is not a base64 Ed25519 signature");
        }
    }

    /** The user properties to put on the message, in {@link #PROPERTIES} order. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(KEY, key.value());
        properties.put(EXPIRES, Long.toString(expiresMs));
        properties.put(NONCE, nonce);
        properties.put(SIGNATURE, signature);
        return properties;
    }

    /**
     * Reads the signature from a message's user properties (all of them, in order, repeats included; other names
     * are ignored). Empty when none of the four is there: the message is unsigned.
     *
     * @throws MessageVerificationException {@code BAD_SIGNATURE} when some are missing, repeated or malformed: a
     *                                      half signature is a broken one, not an absent one
     */
    public static Optional<MessageSignature> fromProperties(List<? extends Map.Entry<String, String>> properties)
            throws MessageVerificationException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : properties) {
            if (PROPERTIES.contains(property.getKey()) && found.put(property.getKey(), property.getValue()) != null) {
                throw malformed(property.getKey() + " appears more than once");
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        for (String name : PROPERTIES) {
            if (!found.containsKey(name)) {
                throw malformed("has " + found.keySet() + " but no " + name);
            }
        }
        try {
            return Optional.of(new MessageSignature(new KeyFingerprint(found.get(KEY)),
                    Long.parseLong(found.get(EXPIRES)), found.get(NONCE), found.get(SIGNATURE)));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static MessageVerificationException malformed(String detail) {
        return new MessageVerificationException(MessageVerificationException.Reason.BAD_SIGNATURE,
                "malformed signature properties: " + detail);
    }
}
