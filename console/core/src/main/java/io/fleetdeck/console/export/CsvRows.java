package io.fleetdeck.console.export;

import java.io.IOException;
import java.io.Writer;

/** CSV lines: the ids as {@link CsvFields} writes text, the value as {@link Double#toString} prints it. */
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
        prefix = CsvFields.text(device) + "," + CsvFields.text(sensor) + ",";
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
}
