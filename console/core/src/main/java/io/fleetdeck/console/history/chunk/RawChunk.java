package io.fleetdeck.console.history.chunk;

/**
 * A chunk still being filled, stored unpacked: encoding byte {@link #ENCODING}, reading count (4 bytes), then every
 * timestamp and every value as 8 bytes each, big-endian. The writer rewrites a sensor's open chunk at every commit;
 * packing it each time would encode each reading several times over, so it is packed once, when it is sealed.
 */
final class RawChunk {
    static final int ENCODING = 3;
    private static final int HEADER = 5;

    private RawChunk() {
    }

    static boolean is(byte[] blob) {
        return blob.length > 0 && blob[0] == ENCODING;
    }

    static byte[] encode(long[] ts, double[] values, int n) {
        byte[] blob = new byte[HEADER + 16 * n];
        blob[0] = ENCODING;
        putInt(blob, 1, n);
        int at = HEADER;
        for (int i = 0; i < n; i++) {
            putLong(blob, at, ts[i]);
            at += 8;
        }
        for (int i = 0; i < n; i++) {
            putLong(blob, at, Double.doubleToRawLongBits(values[i]));
            at += 8;
        }
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
        return getLong(blob, HEADER + 8 * index);
    }

    static double value(byte[] blob, int count, int index) {
        return Double.longBitsToDouble(getLong(blob, HEADER + 8 * count + 8 * index));
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

    private static void putInt(byte[] target, int at, int value) {
        for (int i = 3; i >= 0; i--) {
            target[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static int getInt(byte[] blob, int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (blob[at + i] & 0xFF);
        }
        return value;
    }

    private static void putLong(byte[] target, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            target[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long getLong(byte[] blob, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (blob[at + i] & 0xFF);
        }
        return value;
    }
}
