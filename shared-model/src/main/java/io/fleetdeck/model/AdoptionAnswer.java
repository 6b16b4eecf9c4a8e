package io.fleetdeck.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a device adds to its answer to {@code cmd/trust-key} once it trusts the console's key: its own public key, the
 * broker password it made up for itself, and its Ed25519 signature over both, bound to its id and the console key.
 * The console accepts the password only if the key is the one the operator confirmed (the announced fingerprint) and
 * the signature verifies, so whoever answers in the device's name cannot plant a password of its own.
 *
 * @param deviceKey the device's Ed25519 public key
 * @param password  the password the device will give the broker from now on
 * @param signature base64 Ed25519 signature of {@link #signedText}
 */
public record AdoptionAnswer(PublicKey deviceKey, String password, String signature) {
    public static final String DEVICE_KEY = "deviceKey";
    public static final String PASSWORD = "password";
    public static final String SIGNATURE = "deviceSignature";
    /**
     * {@code true} when the device is about to reconnect with the password (it was connected without it): commands
     * sent before it is back would be lost, so the console waits for its new {@code status}.
     */
    public static final String RECONNECTS = "reconnects";

    public AdoptionAnswer {
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(signature, "signature");
        if (password.length() < 16 || password.length() > 128) {
            throw new IllegalArgumentException("a broker password has 16..128 characters");
        }
    }

    /** Signs a fresh answer with the device's private key. */
    public static AdoptionAnswer sign(DeviceId device, KeyFingerprint consoleKey, PublicKey deviceKey,
                                      PrivateKey devicePrivateKey, String password) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(devicePrivateKey);
            ed25519.update(signedText(device, consoleKey, KeyFingerprint.of(deviceKey), password));
            return new AdoptionAnswer(deviceKey, password, Base64.getEncoder().encodeToString(ed25519.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the device key: " + e.getMessage(), e);
        }
    }

    /** The fields to add to the answer's {@code data}. */
    public Map<String, String> toData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(DEVICE_KEY, Base64.getEncoder().encodeToString(deviceKey.getEncoded()));
        data.put(PASSWORD, password);
        data.put(SIGNATURE, signature);
        return data;
    }

    /**
     * Reads the fields back from an answer's {@code data}.
     *
     * @throws MalformedPayloadException when one is missing or not what it should be
     */
    public static AdoptionAnswer from(Map<String, String> data) throws MalformedPayloadException {
        String key = data.get(DEVICE_KEY);
        String password = data.get(PASSWORD);
        String signature = data.get(SIGNATURE);
        if (key == null || password == null || signature == null) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.MISSING_FIELD, "AdoptionAnswer",
                    "expected deviceKey, password and deviceSignature in the answer", null);
        }
        try {
            PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key)));
            return new AdoptionAnswer(publicKey, password, signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "AdoptionAnswer",
                    "deviceKey is not a base64 X.509 Ed25519 public key, or the password is not 16..128 chars", e);
        }
    }

    /** Whether the signature is the device key's over this answer for {@code device} and {@code consoleKey}. */
    public boolean verifies(DeviceId device, KeyFingerprint consoleKey) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(deviceKey);
            ed25519.update(signedText(device, consoleKey, fingerprint(), password));
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public KeyFingerprint fingerprint() {
        return KeyFingerprint.of(deviceKey);
    }

    @Override
    public String toString() {
        return "AdoptionAnswer[" + fingerprint() + ", password hidden]";
    }

    static byte[] signedText(DeviceId device, KeyFingerprint consoleKey, KeyFingerprint deviceKey, String password) {
        return ("fleetdeck-adopt-v1\n" + device.value() + "\n" + consoleKey.value() + "\n" + deviceKey.value() + "\n"
                + password).getBytes(StandardCharsets.UTF_8);
    }
}
