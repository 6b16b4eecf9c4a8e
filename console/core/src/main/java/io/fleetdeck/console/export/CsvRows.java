package io.fleetdeck.console.export;

import java.io.IOException;
import java.io.Writer;

/** CSV lines: the ids quoted as RFC 4180 asks when they need it, the value as {@link Double#toString} prints it. */
final class CsvRows implements RowWriter {
    static final String HEADER = "device,sensor,ts_ms,time_utc,value";

    private final Writer out;
    private final UtcTimestamps times = new UtcTimestamps();
    private final StringBuilder line = new StringBuilder(96);
    private String prefix = "";

    CsvRows(Writer out) {
        this.out = out;
    }

    @Override
    public void header() throws IOException {
        out.write(HEADER);
        out.write('\n');
    }

    @Override
    public void sensor(String device, String sensor) {
        prefix = field(device) + "," + field(sensor) + ",";
    }

    @Override
    public void row(long tsMs, double value) throws IOException {
        line.setLength(0);
        line.append(prefix).append(tsMs).append(',');
        times.append(line, tsMs);
        // Double.toString prints the shortest decimal that reads back as the same double (JDK 19+).
        line.append(',').append(value).append('\n');
        out.append(line);
    }

    /** A field as RFC 4180 wants it: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
    static String field(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }
}
