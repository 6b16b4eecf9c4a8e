package io.fleetdeck.console.history.chunk;

/**
 * The bytes before a chunk's two sections: encoding id (1 byte), reading count (varint), first timestamp (varint),
 * the timestamp section's Rice parameter (1 byte) and length in bytes (varint). The value section is the rest.
 */
record ChunkHeader(int encoding, int count, long firstTimestamp, int timestampParameter, int timestampStart,
                   int valueStart) {

    static int write(byte[] target, int encoding, int count, long firstTimestamp, int timestampParameter,
                     int timestampLength) {
        int at = 0;
        target[at++] = (byte) encoding;
        at = putVarint(target, at, count);
        at = putVarint(target, at, firstTimestamp);
        target[at++] = (byte) timestampParameter;
        return putVarint(target, at, timestampLength);
    }

    /** Upper bound of {@link #write}'s length. */
    static final int MAX_LENGTH = 1 + 5 + 10 + 1 + 5;

    private static int putVarint(byte[] target, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            target[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        target[at++] = (byte) value;
        return at;
    }

    /** Reads and checks the header: a blob that cannot hold what it claims is refused before anything is allocated. */
    static ChunkHeader read(byte[] blob) {
        if (blob.length == 0) {
            throw ChunkEncodingException.damaged(blob, "it is empty");
        }
        BitReader in = new BitReader(blob, 0, blob.length, "header");
        int encoding = (int) in.readBits(8);
        if (encoding != XorValues.ENCODING && encoding != ScaledDecimalValues.ENCODING) {
            throw ChunkEncodingException.damaged(blob, "unknown encoding " + encoding);
        }
        long count = in.readVarint();
        long first = in.readVarint();
        int parameter = (int) in.readBits(8);
        long timestampLength = in.readVarint();
        int timestampStart = in.bytePosition();
        if (first < 0) {
            throw ChunkEncodingException.damaged(blob, "first timestamp is negative");
        }
        if (parameter > 63) {
            throw ChunkEncodingException.damaged(blob, "timestamp Rice parameter " + parameter);
        }
        if (timestampLength < 0 || timestampLength > blob.length - timestampStart) {
            throw ChunkEncodingException.damaged(blob, "timestamp section of " + timestampLength
                    + " bytes does not fit");
        }
        int valueStart = timestampStart + (int) timestampLength;
        // Every reading after the first costs at least one bit in each section.
        long maxCount = 1 + 8L * Math.min(timestampLength, blob.length - valueStart);
        if (count < 1 || count > maxCount) {
            throw ChunkEncodingException.damaged(blob, "it claims " + Long.toUnsignedString(count)
                    + " readings, which do not fit");
        }
        return new ChunkHeader(encoding, (int) count, first, parameter, timestampStart, valueStart);
    }
}
