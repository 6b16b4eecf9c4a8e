package io.fleetdeck.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A buffered stream for one reading thread, without {@link java.io.BufferedInputStream}'s lock: Paho's receiver reads
 * every packet body through {@code read()} one byte at a time, so the single-byte path must be an array access the
 * JIT can inline, not a lock and unlock per byte.
 */
final class ReadAheadInputStream extends InputStream {
    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    ReadAheadInputStream(InputStream in, int bufferBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.buffer = new byte[bufferBytes];
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        int buffered = limit - position;
        if (buffered == 0) {
            if (length >= buffer.length) {
                return in.read(target, offset, length); // a large body: no point copying it twice
            }
            if (!fill()) {
                return -1;
            }
            buffered = limit - position;
        }
        int n = Math.min(buffered, length);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (limit - position) + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads what the socket has (at least one byte, blocking); false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
