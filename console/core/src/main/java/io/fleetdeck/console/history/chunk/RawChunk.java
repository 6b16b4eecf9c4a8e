package io.fleetdeck.console.history.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A chunk still being filled, stored unpacked: encoding byte {@link #ENCODING}, reading count (4 bytes), then every
 * timestamp and every value as 8 bytes each, big-endian. The writer rewrites a sensor's open chunk at every commit;
 * packing it each time would encode each reading several times over, so it is packed once, when it is sealed.
 */
final class RawChunk {
    static final int ENCODING = 3;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int HEADER = 5;

    private RawChunk() {
    }

    static boolean is(byte[] blob) {
        return blob.length > 0 && blob[0] == ENCODING;
    }

    static byte[] encode(long[] ts, double[] values, int n) {
        byte[] blob = new byte[HEADER + 16 * n];
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        buffer.put((byte) ENCODING).putInt(n);
        // Bulk copies: this runs for every open chunk at every commit.
        buffer.slice(HEADER, 8 * n).asLongBuffer().put(ts, 0, n);
        buffer.slice(HEADER + 8 * n, 8 * n).asDoubleBuffer().put(values, 0, n);
        return blob;
    }

    static int count(byte[] blob) {
        if (blob.length < HEADER) {
            throw ChunkEncodingException.damaged(blob, "a raw chunk's header is cut short");
        }
        int count = getInt(blob, 1);
        if (count < 1 || (long) HEADER + 16L * count != blob.length) {
            throw ChunkEncodingException.damaged(blob, "a raw chunk of " + blob.length + " bytes cannot hold "
                    + Integer.toUnsignedString(count) + " readings");
        }
        return count;
    }

    static long timestamp(byte[] blob, int index) {
        return (long) LONGS.get(blob, HEADER + 8 * index);
    }

    static double value(byte[] blob, int count, int index) {
        return Double.longBitsToDouble((long) LONGS.get(blob, HEADER + 8 * count + 8 * index));
    }

    /** Checks what the packed encodings check while decoding: increasing, non-negative timestamps; finite values. */
    static void requireValid(byte[] blob, int count) {
        long previous = -1;
        for (int i = 0; i < count; i++) {
            long ts = timestamp(blob, i);
            if (ts <= previous) {
                throw ChunkEncodingException.damaged(blob, "raw timestamp " + i + " is not after the one before");
            }
            if (!Double.isFinite(value(blob, count, i))) {
                throw ChunkEncodingException.damaged(blob, "raw value " + i + " is not finite");
            }
            previous = ts;
        }
    }

    private static int getInt(byte[] blob, int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (blob[at + i] & 0xFF);
        }
        return value;
    }
}
