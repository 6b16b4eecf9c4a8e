package io.fleetdeck.model;

import java.util.regex.Pattern;

/**
 * Validation rules for every name that becomes a topic segment. MQTT wildcards ({@code + #}), the level separator
 * and control characters must never reach a topic, so ids are limited to a conservative ASCII set.
 */
public final class Identifiers {
    /** Device ids: what a Pi serial, a hostname or a generated id looks like. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Sensor ids are local to a device and short: they are repeated in every reading. */
    public static final Pattern SENSOR_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
    /** Command names, the last segment of {@code cmd/<name>}. */
    public static final Pattern COMMAND_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /**
     * Device tags ({@code lab}, {@code floor-2}, {@code site:berlin}): lower case, so {@code Lab} and {@code lab}
     * cannot become two groups; a comma never appears, so a list of tags can be written as {@code a,b,c}.
     */
    public static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,31}");

    /** Sensor id strings that passed {@link #isSensorId} lately, by hash (see {@link #requireSensorId}). */
    private static final String[] RECENT_SENSOR_IDS = new String[64];

    private Identifiers() {
    }

    static String requireDeviceId(String text) {
        return require("device id", text, DEVICE_ID, "1-64 of A-Z a-z 0-9 _ -, starting with a letter or digit");
    }

    static String requireSensorId(String text) {
        // Checked once per reading, so without the regex engine; SENSOR_ID states the same rule for documentation.
        if (text != null) {
            // A decoded batch hands the same String object to every reading of a sensor: a string seen valid is
            // not scanned again (8 % of the console's CPU at saturation). Shared without locks on purpose: a slot
            // only ever holds a string that passed, Strings are immutable, and a stale slot is merely a miss.
            int slot = text.hashCode() & (RECENT_SENSOR_IDS.length - 1);
            if (RECENT_SENSOR_IDS[slot] == text) {
                return text;
            }
            if (isSensorId(text)) {
                RECENT_SENSOR_IDS[slot] = text;
                return text;
            }
        }
        return require("sensor id", text, SENSOR_ID, "1-32 of a-z 0-9 _ . -, starting with a letter or digit");
    }

    private static boolean isSensorId(String text) {
        int length = text.length();
        if (length == 0 || length > 32) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} when it is a valid {@link #TAG}; throws {@link InvalidIdentifierException} otherwise. */
    public static String requireTag(String text) {
        return require("tag", text, TAG, "1-32 of a-z 0-9 _ . : -, starting with a letter or digit");
    }

    static String requireCommandName(String text) {
        return require("command name", text, COMMAND_NAME, "1-32 of a-z 0-9 -, starting with a letter");
    }

    private static String require(String kind, String text, Pattern pattern, String rule) {
        if (text == null) {
            throw new InvalidIdentifierException(kind, null, "missing");
        }
        if (!pattern.matcher(text).matches()) {
            throw new InvalidIdentifierException(kind, text, rule);
        }
        return text;
    }

    /** Quotes untrusted text for a log line: printable ASCII only, at most 80 characters. */
    public static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > limit) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.append('"').toString();
    }
}
