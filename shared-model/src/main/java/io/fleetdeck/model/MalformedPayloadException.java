package io.fleetdeck.model;

/**
 * A payload that could not be decoded into a protocol value. Never partially applied: whoever catches it drops the
 * whole message, counts it against the device and shows {@link #getMessage()}.
 */
public final class MalformedPayloadException extends Exception {
    /** Why a payload was refused; stable names for counters and tests. */
    public enum Reason {
        /** Not JSON, or JSON with trailing garbage or duplicate keys. */
        NOT_JSON,
        /** Larger than {@link Payloads#MAX_PAYLOAD_BYTES}. */
        TOO_LARGE,
        /** A {@code v} other than {@link ProtocolVersion#CURRENT}, or none. */
        UNKNOWN_VERSION,
        /** A field of the wrong JSON type, e.g. a string where a number belongs. */
        WRONG_TYPE,
        /** A required field is absent or null. */
        MISSING_FIELD,
        /** A field this version does not define. */
        UNKNOWN_FIELD,
        /** Well-formed but outside the rules: NaN, an invalid id, too many readings. */
        INVALID_VALUE,
        /**
         * A compact binary telemetry payload ({@link TelemetryEncoding#COMPACT}) that is not well-formed: wrong first
         * byte, truncated, an over-long number, or bytes after its last sensor.
         */
        MALFORMED_BINARY
    }

    private final Reason reason;
    private final String payloadType;

    public MalformedPayloadException(Reason reason, String payloadType, String detail, Throwable cause) {
        super(payloadType + " payload rejected (" + reason.name().toLowerCase().replace('_', ' ') + "): " + detail, cause);
        this.reason = reason;
        this.payloadType = payloadType;
    }

    public Reason reason() {
        return reason;
    }

    /** The record the payload was meant to become, e.g. {@code TelemetryBatch}. */
    public String payloadType() {
        return payloadType;
    }
}
