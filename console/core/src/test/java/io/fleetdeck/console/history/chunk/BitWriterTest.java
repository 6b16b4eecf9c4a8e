package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer collects bits in a 64-bit word and stores whole words; the bytes must be exactly those of the plain
 * definition (each field's bits, most significant first, the last byte padded with zeros), so blobs written before
 * and after the change are the same format.
 */
class BitWriterTest {
    @Test
    void writesExactlyTheBitsOfEachFieldMostSignificantFirst() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            BitWriter out = new BitWriter(1);
            Reference expected = new Reference();
            int fields = random.nextInt(300);
            for (int i = 0; i < fields; i++) {
                int width = random.nextInt(10) == 0 ? 64 : random.nextInt(65);
                // Bits above the width are set on purpose: the writer must ignore them.
                long value = random.nextLong();
                out.writeBits(value, width);
                expected.write(value, width);
            }
            if (random.nextBoolean()) {
                long varint = random.nextLong() >>> random.nextInt(64);
                out.writeVarint(varint);
                expected.writeVarint(varint);
            }

            byte[] written = new byte[out.byteLength() + 2];
            out.copyTo(written, 1);
            byte[] reference = expected.bytes();
            assertThat(out.byteLength()).as("round %d", round).isEqualTo(reference.length);
            assertThat(java.util.Arrays.copyOfRange(written, 1, 1 + reference.length)).as("round %d", round)
                    .isEqualTo(reference);
        }
    }

    @Test
    void aFieldThatEndsExactlyOnAWordBoundaryLeavesNothingPending() {
        BitWriter out = new BitWriter(1);
        out.writeBits(0b101, 3);
        out.writeBits(-1L, 61);
        out.writeBits(-1L, 64);

        byte[] bytes = new byte[out.byteLength()];
        out.copyTo(bytes, 0);
        assertThat(bytes).hasSize(16);
        assertThat(bytes[0]).isEqualTo((byte) 0xBF);
        for (int i = 1; i < 16; i++) {
            assertThat(bytes[i]).isEqualTo((byte) 0xFF);
        }
    }

    /** The definition, one bit at a time. */
    private static final class Reference {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int bits;

        void write(long value, int width) {
            for (int i = width - 1; i >= 0; i--) {
                current = (current << 1) | (int) ((value >>> i) & 1);
                if (++bits == 8) {
                    bytes.write(current);
                    current = 0;
                    bits = 0;
                }
            }
        }

        void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                write((value & 0x7F) | 0x80, 8);
                value >>>= 7;
            }
            write(value, 8);
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(bytes.toByteArray());
            if (bits > 0) {
                copy.write(current << (8 - bits));
            }
            return copy.toByteArray();
        }
    }
}
