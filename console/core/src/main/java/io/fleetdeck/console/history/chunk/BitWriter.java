package io.fleetdeck.console.history.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Appends bit fields, most significant bit first, to a growing byte array; the last byte is padded with zeros. */
final class BitWriter {
    /** Stores a whole 64-bit word at once, most significant byte first (the bit order of the stream). */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int fullBytes;
    /**
     * The pending bits (fewer than 64) are the low {@code pendingBits} bits of this; higher bits are stale. Bits
     * collect here until a field would overflow the word, then 8 bytes are stored in one go: the writer's hot path
     * (one or two fields per Rice-coded number) is a shift and an or, not a loop over bytes.
     */
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
        if (count == 0) {
            return;
        }
        long field = value & (-1L >>> (64 - count));
        int free = 64 - pendingBits;
        if (count < free) {
            pending = (pending << count) | field;
            pendingBits += count;
            return;
        }
        // The word fills up: its pending bits, then the field's top `free` bits; the field's other bits stay pending.
        int rest = count - free;
        long word = free == 64 ? field : (pending << free) | (field >>> rest);
        if (fullBytes + 8 > bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        WORD.set(bytes, fullBytes, word);
        fullBytes += 8;
        pending = field;
        pendingBits = rest;
    }

    /** Unsigned LEB128-style groups of 7 bits; small numbers take one byte's worth of bits. */
    void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            writeBits((value & 0x7F) | 0x80, 8);
            value >>>= 7;
        }
        writeBits(value, 8);
    }

    /** Bytes written so far, counting a partly filled last byte. */
    int byteLength() {
        return fullBytes + (pendingBits + 7) / 8;
    }

    /** Copies the written bytes, the last one padded with zero bits, to {@code target} at {@code offset}. */
    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, fullBytes);
        if (pendingBits > 0) {
            long aligned = pending << (64 - pendingBits);
            int tail = (pendingBits + 7) / 8;
            for (int i = 0; i < tail; i++) {
                target[offset + fullBytes + i] = (byte) (aligned >>> (56 - 8 * i));
            }
        }
    }
}
