package io.fleetdeck.console.broker.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A broker password as stored: Mosquitto 2's {@code $7$<iterations>$<salt>$<hash>} (PBKDF2-HMAC-SHA512, base64
 * salt and 64-byte hash), so the console's embedded broker and an external Mosquitto ({@code password_file}) check
 * the same stored line and the console never keeps a password itself.
 *
 * <p>Passwords the console issues are 256-bit random, so Mosquitto's default of 101 iterations is not the weak point;
 * hashes from {@code mosquitto_passwd} with any iteration count verify too.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final int DEFAULT_ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BYTES = 64;

    public PasswordHash {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        salt = salt.clone();
        hash = hash.clone();
        if (salt.length == 0 || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("salt must not be empty and the hash must be 64 bytes");
        }
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(DEFAULT_ITERATIONS, salt, pbkdf2(password, salt, DEFAULT_ITERATIONS));
    }

    /**
     * Reads the part after {@code user:} of a Mosquitto password file line.
     *
     * @throws IllegalArgumentException when it is not the {@code $7$} format
     */
    public static PasswordHash parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !"7".equals(parts[1])) {
            throw new IllegalArgumentException("not a $7$ (PBKDF2-SHA512) password hash");
        }
        try {
            return new PasswordHash(Integer.parseInt(parts[2]), Base64.getDecoder().decode(parts[3]),
                    Base64.getDecoder().decode(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed $7$ password hash: " + e.getMessage(), e);
        }
    }

    /** Whether {@code password} is the one hashed; compares in constant time. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations));
    }

    /** The Mosquitto password-file form, without the user name. */
    public String encoded() {
        return "$7$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && MessageDigest.isEqual(salt, that.salt) && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return encoded().hashCode();
    }

    @Override
    public String toString() {
        return "PasswordHash[$7$" + iterations + "$…]";
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA512", e);
        }
    }
}
