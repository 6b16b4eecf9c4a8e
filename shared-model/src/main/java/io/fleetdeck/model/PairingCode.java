package io.fleetdeck.model;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The short secret a device that trusts no console shows its technician (log, {@code fleetdeckd status}) and never
 * sends: eight Crockford base32 characters, 40 bits, written {@code ABCD-EFGH}. The operator types it into the
 * console's Adopt dialog, and the console proves it knows it ({@link TrustKeyCommand#proof}), so nobody else on the
 * LAN can adopt the device first.
 *
 * @param value the eight characters, upper case, without the dash
 */
public record PairingCode(String value) {
    /** Crockford's base32: no I, L, O or U, so what is read aloud or off a screen is what is typed. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int LENGTH = 8;

    public PairingCode {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH || !value.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("a pairing code is 8 characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    public static PairingCode random(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new PairingCode(code.toString());
    }

    /**
     * Reads what an operator typed: case, spaces and dashes do not matter, and the look-alikes O, I and L count as
     * 0, 1 and 1, as Crockford intends.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PairingCode parse(String typed) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : Objects.requireNonNull(typed, "typed").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            switch (c) {
                case ' ', '-' -> { }
                case 'O' -> code.append('0');
                case 'I', 'L' -> code.append('1');
                default -> code.append(c);
            }
        }
        if (code.length() != LENGTH) {
            throw new IllegalArgumentException("a pairing code has 8 characters (like ABCD-EFGH), not "
                    + code.length());
        }
        return new PairingCode(code.toString());
    }

    /** {@code ABCD-EFGH}, as shown to people. */
    public String display() {
        return value.substring(0, 4) + "-" + value.substring(4);
    }

    /** Never the code itself: a code in a stack trace or log line would defeat it. */
    @Override
    public String toString() {
        return "PairingCode[hidden]";
    }
}
