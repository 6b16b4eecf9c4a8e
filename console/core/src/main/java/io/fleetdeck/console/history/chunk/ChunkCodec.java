package io.fleetdeck.console.history.chunk;


/**
 * Encodes and decodes one chunk: n readings of one sensor, timestamps strictly increasing. A blob is a
 * {@link ChunkHeader}, then the timestamps ({@link TimestampColumn}), then the values in whichever of
 * {@link XorValues} and {@link ScaledDecimalValues} is smaller for them. Round trips are bit-exact.
 */
public final class ChunkCodec {
    private ChunkCodec() {
    }

    /**
     * Encodes {@code ts[0..n)} and {@code values[0..n)}, picking the smaller value encoding; the encoding id is the
     * blob's first byte.
     *
     * @throws ChunkEncodingException when n < 1 or exceeds the arrays, a timestamp is negative or not after the one
     *                                before it, or a value is NaN or infinite
     */
    public static byte[] encode(long[] ts, double[] values, int n) {
        requireStorable(ts, values, n);
        BitWriter timestamps = new BitWriter(n / 8 + 16);
        int timestampParameter = TimestampColumn.write(ts, n, timestamps);

        BitWriter chosen = null;
        int encoding = XorValues.ENCODING;
        long[] scaled = new long[n];
        int decimals = ScaledDecimalValues.decimals(values, n, scaled);
        if (decimals >= 0) {
            BitWriter decimal = new BitWriter(n + 16);
            ScaledDecimalValues.write(scaled, n, decimals, decimal);
            // The XOR encoding's size is counted, not written: it is written only when it is the smaller one.
            if (decimal.byteLength() <= (XorValues.bits(values, n) + 7) / 8) {
                chosen = decimal;
                encoding = ScaledDecimalValues.ENCODING;
            }
        }
        if (chosen == null) {
            chosen = new BitWriter(n * 2 + 16);
            XorValues.write(values, n, chosen);
        }

        byte[] header = new byte[ChunkHeader.MAX_LENGTH];
        int headerLength = ChunkHeader.write(header, encoding, n, ts[0], timestampParameter,
                timestamps.byteLength());
        byte[] blob = new byte[headerLength + timestamps.byteLength() + chosen.byteLength()];
        System.arraycopy(header, 0, blob, 0, headerLength);
        timestamps.copyTo(blob, headerLength);
        chosen.copyTo(blob, headerLength + timestamps.byteLength());
        return blob;
    }

    /**
     * The readings unpacked (16 bytes each): for a chunk that will be rewritten with more readings soon, where packing
     * would cost more than it saves. Decodes like any other blob.
     *
     * @throws ChunkEncodingException as {@link #encode}
     */
    public static byte[] encodeUnpacked(long[] ts, double[] values, int n) {
        requireStorable(ts, values, n);
        return RawChunk.encode(ts, values, n);
    }

    private static void requireStorable(long[] ts, double[] values, int n) {
        if (n < 1 || n > ts.length || n > values.length) {
            throw new ChunkEncodingException("encode a chunk of " + n + " readings", "a chunk holds 1 to "
                    + Math.min(ts.length, values.length) + " readings of these arrays");
        }
        if (ts[0] < 0) {
            throw new ChunkEncodingException("encode a chunk of " + n + " readings",
                    "timestamp 0 (" + ts[0] + ") is negative");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && ts[i] <= ts[i - 1]) {
                throw new ChunkEncodingException("encode a chunk of " + n + " readings", "timestamp " + i + " ("
                        + ts[i] + ") is not after timestamp " + (i - 1) + " (" + ts[i - 1]
                        + "); the store sorts and removes duplicates first");
            }
            if (!Double.isFinite(values[i])) {
                throw new ChunkEncodingException("encode a chunk of " + n + " readings", "value " + i + " is "
                        + values[i] + "; the history stores only finite values");
            }
        }
    }

    /**
     * Decodes every reading into {@code ts} and {@code values} and returns their number.
     *
     * @throws ChunkEncodingException when the blob is truncated or damaged, or the arrays are shorter than
     *                                {@link #count(byte[])}
     */
    public static int decode(byte[] blob, long[] ts, double[] values) {
        if (RawChunk.is(blob)) {
            int count = RawChunk.count(blob);
            if (ts.length < count || values.length < count) {
                throw new ChunkEncodingException("decode a chunk blob of " + blob.length + " bytes", "it holds "
                        + count + " readings; the arrays hold " + Math.min(ts.length, values.length));
            }
            RawChunk.requireValid(blob, count);
            for (int i = 0; i < count; i++) {
                ts[i] = RawChunk.timestamp(blob, i);
                values[i] = RawChunk.value(blob, count, i);
            }
            return count;
        }
        ChunkHeader header = ChunkHeader.read(blob);
        int count = header.count();
        if (ts.length < count || values.length < count) {
            throw new ChunkEncodingException("decode a chunk blob of " + blob.length + " bytes", "it holds " + count
                    + " readings; the arrays hold " + Math.min(ts.length, values.length));
        }
        TimestampColumn.Reader timestamps = timestamps(blob, header);
        ValueReader valueReader = values(blob, header);
        for (int i = 0; i < count; i++) {
            ts[i] = timestamps.next();
            values[i] = valueReader.next();
        }
        requireFullyRead(blob, timestamps, valueReader);
        return count;
    }

    /** The number of readings in a blob, from its header alone. */
    public static int count(byte[] blob) {
        return RawChunk.is(blob) ? RawChunk.count(blob) : ChunkHeader.read(blob).count();
    }

    /**
     * Passes the readings with {@code fromMs <= ts <= toMs} to {@code visitor} in time order, allocating nothing per
     * reading, and returns how many it passed. Decoding stops at the first reading after {@code toMs}.
     *
     * @throws ChunkEncodingException when the blob is damaged; the visitor may have seen readings before that point
     */
    public static int decode(byte[] blob, long fromMs, long toMs, SampleVisitor visitor) {
        if (RawChunk.is(blob)) {
            int count = RawChunk.count(blob);
            RawChunk.requireValid(blob, count);
            int visited = 0;
            for (int i = 0; i < count && fromMs <= toMs; i++) {
                long ts = RawChunk.timestamp(blob, i);
                if (ts > toMs) {
                    break;
                }
                if (ts >= fromMs) {
                    visitor.visit(ts, RawChunk.value(blob, count, i));
                    visited++;
                }
            }
            return visited;
        }
        ChunkHeader header = ChunkHeader.read(blob);
        if (fromMs > toMs || header.firstTimestamp() > toMs) {
            return 0;
        }
        TimestampColumn.Reader timestamps = timestamps(blob, header);
        ValueReader valueReader = values(blob, header);
        int visited = 0;
        for (int i = 0; i < header.count(); i++) {
            long ts = timestamps.next();
            if (ts > toMs) {
                return visited;
            }
            double value = valueReader.next();
            if (ts >= fromMs) {
                visitor.visit(ts, value);
                visited++;
            }
        }
        requireFullyRead(blob, timestamps, valueReader);
        return visited;
    }

    private static TimestampColumn.Reader timestamps(byte[] blob, ChunkHeader header) {
        BitReader in = new BitReader(blob, header.timestampStart(), header.valueStart(), "timestamp section");
        return new TimestampColumn.Reader(in, header.timestampParameter(), header.firstTimestamp(), blob);
    }

    private static ValueReader values(byte[] blob, ChunkHeader header) {
        BitReader in = new BitReader(blob, header.valueStart(), blob.length, "value section");
        return header.encoding() == XorValues.ENCODING
                ? new XorValues.Reader(in, blob)
                : new ScaledDecimalValues.Reader(in, blob);
    }

    private static void requireFullyRead(byte[] blob, TimestampColumn.Reader timestamps, ValueReader values) {
        if (!timestamps.atEnd() || !values.atEnd()) {
            throw ChunkEncodingException.damaged(blob, "it holds more data than its readings");
        }
    }
}
