package io.fleetdeck.model;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cmd/trust-key}, adoption: a console offers its Ed25519 key, signed with that key over the pairing text
 * (device id, console id, key fingerprint and a fresh nonce), and, for a device that trusts no
 * console yet, with a {@link #proof} that it knows the device's {@link PairingCode}. A device takes a key it already
 * trusts (adopted or provisioned with its image) on the signature alone, its first key only with the right proof, and
 * never another key; so whoever reaches the broker can neither adopt a fresh device first nor take one over.
 *
 * @param key       the console's Ed25519 public key
 * @param console   the console's id, which the device pins with the key (it follows only that console over mDNS)
 * @param nonce     16 random bytes, base64url; makes every offer's signed text unique
 * @param proof     base64 HMAC-SHA256 of the pairing text keyed with the pairing code; empty without a code
 * @param signature base64 Ed25519 signature of the pairing text by {@code key}
 */
public record TrustKeyCommand(PublicKey key, String console, String nonce, String proof, String signature) {
    private static final Set<String> ARGS = Set.of("key", "fingerprint", "console", "nonce", "proof", "signature");

    public TrustKeyCommand {
        Objects.requireNonNull(key, "key");
        Identifiers.requireDeviceId(console);
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(signature, "signature");
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
        if (nonce.length() < 16 || nonce.length() > 64) {
            throw new IllegalArgumentException("nonce must have 16..64 characters");
        }
    }

    /**
     * A signed offer of {@code console}'s key to {@code device}, with a proof of {@code code} when the operator gave
     * one.
     */
    public static TrustKeyCommand offer(DeviceId device, String consoleId, KeyPair console,
                                        Optional<PairingCode> code, SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] text = pairingText(device, consoleId, KeyFingerprint.of(console.getPublic()), nonce);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(console.getPrivate());
            ed25519.update(text);
            String signature = Base64.getEncoder().encodeToString(ed25519.sign());
            return new TrustKeyCommand(console.getPublic(), consoleId, nonce,
                    code.map(c -> hmac(c, text)).orElse(""), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the console key: " + e.getMessage(), e);
        }
    }

    public KeyFingerprint fingerprint() {
        return KeyFingerprint.of(key);
    }

    public CommandRequest toRequest() {
        return new CommandRequest(Map.of("key", Base64.getEncoder().encodeToString(key.getEncoded()),
                "fingerprint", fingerprint().value(), "console", console, "nonce", nonce, "proof", proof,
                "signature", signature));
    }

    /** Whether the offer is signed by the key it offers, for {@code device}: it can only come from that key's owner. */
    public boolean signedFor(DeviceId device) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(pairingText(device, console, fingerprint(), nonce));
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the sender knew {@code code} when it made this offer for {@code device}. Constant time. */
    public boolean proves(DeviceId device, PairingCode code) {
        if (proof.isEmpty()) {
            return false;
        }
        byte[] expected = hmac(code, pairingText(device, console, fingerprint(), nonce))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean hasProof() {
        return !proof.isEmpty();
    }

    /**
     * Reads an offer strictly: exactly its five arguments, a key that matches its fingerprint.
     *
     * @throws MalformedPayloadException when an argument is missing, unknown or invalid
     */
    public static TrustKeyCommand from(CommandRequest request) throws MalformedPayloadException {
        Map<String, String> args = request.args();
        if (!args.keySet().equals(ARGS)) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.MISSING_FIELD, "TrustKeyCommand",
                    "expected exactly the arguments " + ARGS.stream().sorted().toList() + ", got "
                            + args.keySet().stream().sorted().toList(), null);
        }
        TrustKeyCommand command;
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args.get("key"))));
            command = new TrustKeyCommand(key, args.get("console"), args.get("nonce"), args.get("proof"),
                    args.get("signature"));
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "TrustKeyCommand",
                    "key is not a base64 X.509 Ed25519 public key, the console id is invalid, or the nonce is not"
                            + " 16..64 chars", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
        if (!command.fingerprint().value().equals(args.get("fingerprint"))) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "TrustKeyCommand",
                    "fingerprint " + Identifiers.quote(args.get("fingerprint")) + " does not match the key ("
                            + command.fingerprint() + ")", null);
        }
        return command;
    }

    static byte[] pairingText(DeviceId device, String console, KeyFingerprint key, String nonce) {
        return ("fleetdeck-pair-v1\n" + device.value() + "\n" + console + "\n" + key.value() + "\n" + nonce)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String hmac(PairingCode code, byte[] text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(code.value().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
