package io.fleetdeck.model;

import java.util.Locale;

/**
 * How a {@link TelemetryBatch} travels on {@code fleetdeck/v1/<id>/telemetry}. Both carry the same protocol version
 * and the same values to the last bit; a console of this version reads both and tells them apart by the first byte
 * (see docs/protocol.md), so one topic serves old and new devices.
 */
public enum TelemetryEncoding {
    /** The readable form every device and console speaks, and what a hand-made {@code mosquitto_pub} sends. */
    JSON(Payloads.CONTENT_TYPE),
    /**
     * Per-sensor arrays with raw doubles: about 10 bytes a reading against JSON's 50 to 70, and far cheaper to decode. A device sends it
     * only to a console that announced it reads it ({@link ConsoleAnnouncement#readsCompactTelemetry()}).
     */
    COMPACT("application/vnd.fleetdeck.telemetry");

    /** The first byte of every compact payload: never the start of JSON, and not even a valid UTF-8 lead byte. */
    public static final byte COMPACT_MAGIC = (byte) 0xFD;

    private final String contentType;

    TelemetryEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** The MQTT v5 content-type property a publisher sets, so standard tools can tell the two apart. */
    public String contentType() {
        return contentType;
    }

    /** Whether the payload is UTF-8 text, i.e. the MQTT v5 payload-format indicator a publisher may set. */
    public boolean isText() {
        return this == JSON;
    }

    /** The encoding a payload claims by its first byte; JSON unless it starts with {@link #COMPACT_MAGIC}. */
    public static TelemetryEncoding of(byte[] payload) {
        return payload != null && payload.length > 0 && payload[0] == COMPACT_MAGIC ? COMPACT : JSON;
    }

    /** The name used in config files, TXT records and command lines: {@code json}, {@code compact}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #token()}, case-insensitively; throws {@link IllegalArgumentException} naming the choices. */
    public static TelemetryEncoding ofToken(String token) {
        for (TelemetryEncoding encoding : values()) {
            if (encoding.token().equalsIgnoreCase(token == null ? "" : token.trim())) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("telemetry encoding " + Identifiers.quote(token)
                + " is not one of json, compact");
    }
}
