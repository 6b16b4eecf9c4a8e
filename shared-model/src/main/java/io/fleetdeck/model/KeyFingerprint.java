package io.fleetdeck.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Short, comparable identity of a public key: {@code SHA256:} and the unpadded base64 of the SHA-256 of its X.509
 * encoding, as OpenSSH prints key fingerprints. Announced in mDNS so the console can pin a device's key.
 */
public record KeyFingerprint(@JsonValue String value) {
    private static final Pattern FORMAT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public KeyFingerprint {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a key fingerprint: " + Identifiers.quote(value));
        }
    }

    public static KeyFingerprint of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return new KeyFingerprint("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first characters after the prefix, for a tile or a log line. */
    public String shortForm() {
        return value.substring(7, 7 + 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
