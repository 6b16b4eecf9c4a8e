package io.fleetdeck.console.record;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a session record prints its fields: UTC times, CSV fields (RFC 4180) and Markdown table cells. */
final class RecordText {
    private RecordText() {
    }

    static String utc(long epochMs) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMs));
    }

    static String utc(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    /** A Markdown table cell: pipes escaped, line breaks as spaces, so one entry stays one row. */
    static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** A figure as a table shows it: up to 3 decimals, "–" for none. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }

    /** A file name part: a device or sensor id, anything unusual replaced so it cannot leave its directory. */
    static String pathPart(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" + safe : safe;
    }
}
