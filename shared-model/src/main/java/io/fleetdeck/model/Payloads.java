package io.fleetdeck.model;

/** Wire-level facts about payloads that both the publisher and the decoder must agree on. */
public final class Payloads {
    /** MQTT v5 content-type property of every JSON payload; compact telemetry has {@link TelemetryEncoding#COMPACT}'s. */
    public static final String CONTENT_TYPE = "application/json";
    /** Largest payload a decoder accepts; a full batch of readings is about 60 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private Payloads() {
    }

    static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " longer than " + max + " characters (" + value.length() + ")");
        }
    }
}
