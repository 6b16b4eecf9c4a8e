package io.fleetdeck.console.export;

import java.io.IOException;

/** Formats readings as lines of one export format. Not thread-safe: one export, one thread. */
interface RowWriter {
    void header() throws IOException;

    /** Starts the rows of one sensor, so the ids are escaped once per sensor rather than once per row. */
    void sensor(String device, String sensor);

    void row(long tsMs, double value) throws IOException;
}
