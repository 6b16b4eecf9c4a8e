package io.fleetdeck.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ed25519 signatures of MQTT messages ({@link MessageSignature}). The signed bytes are
 * {@code prefix + "\n" + topic + "\n" + exp + "\n" + nonce + "\n" + payload}: the topic binds the device and the
 * command (or report kind), the payload binds everything the message says, the prefix binds the use
 * ({@link SignatureDomain}). Checks here need no clock or memory; expiry, replay and staleness are the receiver's
 * ({@code CommandGuard} on the device).
 */
public final class MessageSignatures {
    /** How long a command stays valid: long enough for a broker hop and a slow device, short for a replay. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final int NONCE_BYTES = 16;

    private final SignatureDomain domain;
    private final SecureRandom random;

    public MessageSignatures(SignatureDomain domain) {
        this(domain, new SecureRandom());
    }

    public MessageSignatures(SignatureDomain domain, SecureRandom random) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.random = Objects.requireNonNull(random, "random");
    }

    public SignatureDomain domain() {
        return domain;
    }

    /** The exact bytes a signature covers. */
    public byte[] signedBytes(String topic, long expiresMs, String nonce, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(payload, "payload");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + topic.length() + 80);
        bytes.writeBytes(domain.prefixBytes());
        bytes.write('\n');
        bytes.writeBytes(topic.getBytes(StandardCharsets.UTF_8));
        bytes.write('\n');
        bytes.writeBytes(Long.toString(expiresMs).getBytes(StandardCharsets.US_ASCII));
        bytes.write('\n');
        bytes.writeBytes(nonce.getBytes(StandardCharsets.US_ASCII));
        bytes.write('\n');
        bytes.writeBytes(payload);
        return bytes.toByteArray();
    }

    /** Signs with a fresh random nonce, valid for {@link #LIFETIME} from {@code nowMs}. */
    public MessageSignature sign(String topic, byte[] payload, KeyPair key, long nowMs) {
        return sign(topic, payload, key, nowMs + LIFETIME.toMillis(), newNonce());
    }

    /** Signs with the given expiry and nonce, e.g. a response's nonce bound to its request. */
    public MessageSignature sign(String topic, byte[] payload, KeyPair key, long expiresMs, String nonce) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key.getPrivate());
            ed25519.update(signedBytes(topic, expiresMs, nonce, payload));
            return new MessageSignature(KeyFingerprint.of(key.getPublic()), expiresMs, nonce,
                    Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an " + key.getPrivate().getAlgorithm() + " key", e);
        }
    }

    /** 16 random bytes, base64url without padding. */
    public String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /**
     * Checks that a trusted key signed exactly this topic and payload (not whether it expired or was seen before).
     *
     * @param trusted each trusted key by its fingerprint
     * @return the signature, for the receiver's expiry and replay checks
     * @throws MessageVerificationException {@code UNSIGNED}, {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE}
     */
    public MessageSignature verify(String topic, byte[] payload, Optional<MessageSignature> signature,
                                   Map<KeyFingerprint, PublicKey> trusted) throws MessageVerificationException {
        if (signature.isEmpty()) {
            throw new MessageVerificationException(MessageVerificationException.Reason.UNSIGNED,
                    "no " + MessageSignature.PROPERTIES + " user properties on " + topic);
        }
        MessageSignature signed = signature.get();
        PublicKey key = trusted.get(signed.key());
        if (key == null || !KeyFingerprint.of(key).equals(signed.key())) {
            throw new MessageVerificationException(MessageVerificationException.Reason.UNKNOWN_KEY,
                    "signed by " + signed.key() + ", trusted: " + trusted.keySet());
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedBytes(topic, signed.expiresMs(), signed.nonce(), payload));
            if (ed25519.verify(Base64.getDecoder().decode(signed.signature()))) {
                return signed;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MessageVerificationException(MessageVerificationException.Reason.BAD_SIGNATURE,
                    "cannot check the signature of " + signed.key() + " on " + topic + ": " + e.getMessage());
        }
        throw new MessageVerificationException(MessageVerificationException.Reason.BAD_SIGNATURE,
                "the " + domain.prefix() + " signature of " + signed.key() + " does not match " + topic
                        + " and its payload");
    }

    /** {@link #verify(String, byte[], Optional, Map)} against one key. */
    public MessageSignature verify(String topic, byte[] payload, Optional<MessageSignature> signature,
                                   PublicKey key) throws MessageVerificationException {
        return verify(topic, payload, signature, Map.of(KeyFingerprint.of(key), key));
    }

    /** Checks {@code message}'s own signature properties against the trusted keys. */
    public MessageSignature verify(MessageEnvelope message, Map<KeyFingerprint, PublicKey> trusted)
            throws MessageVerificationException {
        return verify(message.topic(), message.payload(), message.signature(), trusted);
    }
}
