package io.fleetdeck.console.history.chunk;

/**
 * Reads what {@link BitWriter} wrote from one section {@code [start, end)} of a blob. Running past the end is a
 * damaged blob: it throws {@link ChunkEncodingException}, never an index exception, so bad data cannot loop or crash.
 */
final class BitReader {
    private final byte[] bytes;
    private final int end;
    private final String section;
    private int next;
    /** Valid bits are the top {@code bufferedBits} bits; the bits below them are always zero. */
    private long buffer;
    private int bufferedBits;

    BitReader(byte[] bytes, int start, int end, String section) {
        this.bytes = bytes;
        this.next = start;
        this.end = end;
        this.section = section;
    }

    int readBit() {
        return (int) readBits(1);
    }

    /** Reads {@code count} (0..64) bits as an unsigned number. */
    long readBits(int count) {
        if (count > 56) {
            long high = readSmall(count - 32);
            return (high << 32) | readSmall(32);
        }
        return readSmall(count);
    }

    private long readSmall(int count) {
        if (count == 0) {
            return 0;
        }
        if (bufferedBits < count) {
            refill();
            if (bufferedBits < count) {
                throw ChunkEncodingException.damaged(bytes, section + " ends early");
            }
        }
        long bits = buffer >>> (64 - count);
        buffer <<= count;
        bufferedBits -= count;
        return bits;
    }

    /**
     * Counts one bits up to {@code max} (at most 32): returns {@code max} after {@code max} ones, otherwise the number
     * of ones before a zero, consuming that zero.
     */
    int readOnes(int max) {
        if (bufferedBits <= max) {
            refill();
        }
        // Bits below the valid ones are zero, so the count never runs past the buffered bits.
        int ones = Long.numberOfLeadingZeros(~buffer);
        if (ones >= max) {
            buffer <<= max;
            bufferedBits -= max;
            return max;
        }
        if (ones >= bufferedBits) {
            throw ChunkEncodingException.damaged(bytes, section + " ends early");
        }
        buffer <<= ones + 1;
        bufferedBits -= ones + 1;
        return ones;
    }

    /** Reads what {@link BitWriter#writeVarint} wrote. */
    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long group = readSmall(8);
            if (shift == 63 && group > 1) {
                throw ChunkEncodingException.damaged(bytes, "a number in the " + section + " is longer than 64 bits");
            }
            value |= (group & 0x7F) << shift;
            if ((group & 0x80) == 0) {
                return value;
            }
        }
        throw ChunkEncodingException.damaged(bytes, "a number in the " + section + " is longer than 64 bits");
    }

    /** Position of the next unread byte, when everything read so far was whole bytes. */
    int bytePosition() {
        return next - bufferedBits / 8;
    }

    /** True when only the zero padding of the last byte is left: a longer section means the blob is damaged. */
    boolean atEnd() {
        refill();
        return next == end && bufferedBits < 8 && buffer == 0;
    }

    private void refill() {
        while (bufferedBits <= 56 && next < end) {
            buffer |= (bytes[next++] & 0xFFL) << (56 - bufferedBits);
            bufferedBits += 8;
        }
    }
}
