package io.fleetdeck.console.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The compressed source as the decompressor sees it: counts bytes consumed (for the offset of corrupt data), copies
 * them to the library's temp file as they pass (so the file is read once), and marks failures of our own I/O so they
 * are told apart from the decompressor's complaints about the data.
 */
final class SourceStream extends FilterInputStream {
    /** A read of the source or a write of the copy failed: an I/O problem, not corrupt data. */
    static final class LocalIoException extends IOException {
        LocalIoException(String message, IOException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    private final OutputStream copy;
    private long consumed;

    SourceStream(InputStream source, OutputStream copy) {
        super(source);
        this.copy = copy;
    }

    long consumed() {
        return consumed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new LocalIoException("cannot read the source after " + consumed + " bytes", e);
        }
        if (n > 0) {
            try {
                copy.write(buffer, offset, n);
            } catch (IOException e) {
                throw new LocalIoException("cannot write the library copy", e);
            }
            consumed += n;
        }
        return n;
    }

    /** Skipping would leave holes in the copy, so it reads instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** Copies what the decompressor left unread (padding, trailing members), so the copy equals the source. */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // read() copies as it goes
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
