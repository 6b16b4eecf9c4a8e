package io.fleetdeck.console.export;

import java.io.IOException;
import java.io.Writer;

/** JSON Lines: one object per reading, the same fields as the CSV; a non-finite value (never stored) as null. */
final class JsonLinesRows implements RowWriter {
    private final Writer out;
    private final UtcTimestamps times = new UtcTimestamps();
    private final StringBuilder line = new StringBuilder(128);
    private String prefix = "";

    JsonLinesRows(Writer out) {
        this.out = out;
    }

    @Override
    public void header() {
        // JSON Lines has none: every line names its fields.
    }

    @Override
    public void sensor(String device, String sensor) {
        prefix = "{\"device\":" + string(device) + ",\"sensor\":" + string(sensor) + ",\"ts_ms\":";
    }

    @Override
    public void row(long tsMs, double value) throws IOException {
        line.setLength(0);
        line.append(prefix).append(tsMs).append(",\"time_utc\":\"");
        times.append(line, tsMs);
        line.append("\",\"value\":");
        if (Double.isFinite(value)) {
            line.append(value);
        } else {
            line.append("null");
        }
        line.append("}\n");
        out.append(line);
    }

    static String string(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
