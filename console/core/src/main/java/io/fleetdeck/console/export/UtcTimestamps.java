package io.fleetdeck.console.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC times with milliseconds ({@code 2026-11-01T00:00:00.250Z}). Readings come in time order, many per
 * second, so the text up to the second is formatted once per second and reused: a formatter call per row would be
 * most of an export's CPU time.
 */
final class UtcTimestamps {
    private static final DateTimeFormatter UP_TO_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";

    void append(StringBuilder out, long epochMs) {
        long second = Math.floorDiv(epochMs, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedPrefix = UP_TO_SECONDS.format(Instant.ofEpochSecond(second));
        }
        int millis = (int) Math.floorMod(epochMs, 1000);
        out.append(cachedPrefix).append('.');
        if (millis < 100) {
            out.append('0');
        }
        if (millis < 10) {
            out.append('0');
        }
        out.append(millis).append('Z');
    }
}
