package io.fleetdeck.console.record;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The zip's stream as one entry's writer sees it: closing that writer flushes, and leaves the zip open. */
final class EntryStream extends FilterOutputStream {
    private EntryStream(OutputStream zip) {
        super(zip);
    }

    static OutputStream of(OutputStream zip) {
        return new EntryStream(zip);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        // FilterOutputStream would write byte by byte.
        out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
