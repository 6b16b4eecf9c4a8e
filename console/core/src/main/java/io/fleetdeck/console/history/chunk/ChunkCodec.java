package io.fleetdeck.console.history.chunk;

import io.fleetdeck.console.history.ReadingVisitor;

import java.nio.ByteBuffer;

/**
 * PLACEHOLDER until the real codec (delta-of-delta timestamps, XOR values) lands: format byte 0, the count, then the
 * raw timestamps and values. Only the signatures are the contract; the history store depends on nothing else.
 */
public final class ChunkCodec {
    private static final byte RAW = 0;
    private static final int HEADER = 1 + Integer.BYTES;

    private ChunkCodec() {
    }

    /** Encodes the first {@code n} readings; timestamps strictly increasing, values finite. */
    public static byte[] encode(long[] ts, double[] values, int n) {
        if (n < 0 || n > ts.length || n > values.length) {
            throw new ChunkEncodingException("count " + n + " outside the arrays");
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + n * (Long.BYTES + Double.BYTES));
        out.put(RAW).putInt(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && ts[i] <= ts[i - 1]) {
                throw new ChunkEncodingException("timestamp " + ts[i] + " at " + i + " is not after " + ts[i - 1]);
            }
            out.putLong(ts[i]);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new ChunkEncodingException("value at " + i + " is not finite: " + values[i]);
            }
            out.putDouble(values[i]);
        }
        return out.array();
    }

    /** Decodes every reading into the arrays, which must hold {@link #count(byte[])}; returns the count. */
    public static int decode(byte[] blob, long[] ts, double[] values) {
        int n = count(blob);
        ByteBuffer in = ByteBuffer.wrap(blob, HEADER, blob.length - HEADER);
        for (int i = 0; i < n; i++) {
            ts[i] = in.getLong();
        }
        for (int i = 0; i < n; i++) {
            values[i] = in.getDouble();
        }
        return n;
    }

    public static int count(byte[] blob) {
        if (blob.length < HEADER || blob[0] != RAW) {
            throw new ChunkEncodingException("not a chunk of format " + RAW);
        }
        return ByteBuffer.wrap(blob, 1, Integer.BYTES).getInt();
    }

    /** Visits the readings with {@code fromMs <= ts <= toMs} in order; returns how many. */
    public static int decode(byte[] blob, long fromMs, long toMs, ReadingVisitor visitor) {
        int n = count(blob);
        ByteBuffer in = ByteBuffer.wrap(blob);
        int visited = 0;
        for (int i = 0; i < n; i++) {
            long ts = in.getLong(HEADER + i * Long.BYTES);
            if (ts > toMs) {
                break;
            }
            if (ts >= fromMs) {
                visitor.visit(ts, in.getDouble(HEADER + n * Long.BYTES + i * Double.BYTES));
                visited++;
            }
        }
        return visited;
    }
}
