package io.fleetdeck.model;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The argument of {@code cmd/trust-key}: a console's Ed25519 public key, which the device adds to the keys it accepts
 * signed manifests from. A device takes the first key it is offered (trust on first adoption) and the same key again;
 * another key only by a local change on the device, so whoever reaches the broker cannot take a fleet over.
 *
 * @param key the Ed25519 public key
 */
public record TrustKeyCommand(PublicKey key) {
    public TrustKeyCommand {
        Objects.requireNonNull(key, "key");
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
    }

    public KeyFingerprint fingerprint() {
        return KeyFingerprint.of(key);
    }

    public CommandRequest toRequest() {
        return new CommandRequest(Map.of("key", Base64.getEncoder().encodeToString(key.getEncoded()),
                "fingerprint", fingerprint().value()));
    }

    /**
     * Reads the key and checks it against the fingerprint sent with it.
     *
     * @throws MalformedPayloadException when either is missing or they do not match
     */
    public static TrustKeyCommand from(CommandRequest request) throws MalformedPayloadException {
        String encoded = request.args().get("key");
        String fingerprint = request.args().get("fingerprint");
        if (encoded == null || fingerprint == null || request.args().size() != 2) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.MISSING_FIELD, "TrustKeyCommand",
                    "expected exactly the arguments key and fingerprint", null);
        }
        TrustKeyCommand command;
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            command = new TrustKeyCommand(key);
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "TrustKeyCommand",
                    "key is not a base64 X.509 Ed25519 public key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
        if (!command.fingerprint().value().equals(fingerprint)) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "TrustKeyCommand",
                    "fingerprint " + Identifiers.quote(fingerprint) + " does not match the key ("
                            + command.fingerprint() + ")", null);
        }
        return command;
    }
}
