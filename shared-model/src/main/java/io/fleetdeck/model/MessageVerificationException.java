package io.fleetdeck.model;

/**
 * A signed message that must not be acted on, with the reason a device reports back ({@code data.reason}) and a
 * console counts. The message says what was wrong in terms a technician can check (which key, which expiry).
 */
public final class MessageVerificationException extends Exception {
    /** Why a message was refused, in the order a device checks. */
    public enum Reason {
        /** No signature properties at all. */
        UNSIGNED,
        /** Signed by a key the receiver does not trust, or whose fingerprint does not match the key. */
        UNKNOWN_KEY,
        /** The signature does not cover these bytes (tampered, another topic), or its properties are malformed. */
        BAD_SIGNATURE,
        /** Past its {@code fd-exp}. */
        EXPIRED,
        /** Its nonce was seen before. */
        REPLAYED,
        /** An install whose {@code fd-exp} is not newer than the last accepted install's. */
        STALE;

        /** The same code as an install refusal, for {@code data.reason}. */
        public InstallFailure asInstallFailure() {
            return InstallFailure.valueOf(name());
        }
    }

    private final Reason reason;

    public MessageVerificationException(Reason reason, String detail) {
        super(reason.name() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the code in front, for {@link InstallFailure#describe}. */
    public String detail() {
        String message = getMessage();
        return message.substring(reason.name().length() + 2);
    }
}
