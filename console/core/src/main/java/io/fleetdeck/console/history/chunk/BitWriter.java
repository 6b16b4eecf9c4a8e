package io.fleetdeck.console.history.chunk;

import java.util.Arrays;

/** Appends bit fields, most significant bit first, to a growing byte array; the last byte is padded with zeros. */
final class BitWriter {
    private byte[] bytes;
    private int fullBytes;
    /** The pending bits (fewer than 8) are the low {@code pendingBits} bits of this; higher bits are stale. */
    private long pending;
    private int pendingBits;

    BitWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    void writeBit(int bit) {
        writeBits(bit, 1);
    }

    /** Writes the low {@code count} (0..64) bits of {@code value}. */
    void writeBits(long value, int count) {
        if (count > 32) {
            writeSmall(value >>> 32, count - 32);
            writeSmall(value, 32);
        } else {
            writeSmall(value, count);
        }
    }

    /** Unsigned LEB128-style groups of 7 bits; small numbers take one byte's worth of bits. */
    void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            writeSmall((value & 0x7F) | 0x80, 8);
            value >>>= 7;
        }
        writeSmall(value, 8);
    }

    private void writeSmall(long value, int count) {
        if (count == 0) {
            return;
        }
        if (fullBytes + 8 > bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        // At most 7 pending plus 32 new bits: fits in the long without losing any pending bit.
        pending = (pending << count) | (value & (-1L >>> (64 - count)));
        pendingBits += count;
        while (pendingBits >= 8) {
            pendingBits -= 8;
            bytes[fullBytes++] = (byte) (pending >>> pendingBits);
        }
    }

    /** Bytes written so far, counting a partly filled last byte. */
    int byteLength() {
        return fullBytes + (pendingBits > 0 ? 1 : 0);
    }

    /** Copies the written bytes, the last one padded with zero bits, to {@code target} at {@code offset}. */
    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, fullBytes);
        if (pendingBits > 0) {
            target[offset + fullBytes] = (byte) (pending << (8 - pendingBits));
        }
    }
}
