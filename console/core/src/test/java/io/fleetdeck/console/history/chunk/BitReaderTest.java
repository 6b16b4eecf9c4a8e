package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitReaderTest {
    @Test
    void readsBackFieldsOfEveryWidthThatTheWriterWrote() {
        Random random = new Random(1);
        long[] values = new long[2000];
        int[] widths = new int[values.length];
        BitWriter out = new BitWriter(4);
        for (int i = 0; i < values.length; i++) {
            widths[i] = random.nextInt(65);
            values[i] = widths[i] == 0 ? 0 : random.nextLong() >>> (64 - widths[i]);
            out.writeBits(values[i], widths[i]);
        }
        BitReader in = reader(out);

        for (int i = 0; i < values.length; i++) {
            assertThat(in.readBits(widths[i])).as("field %d of %d bits", i, widths[i]).isEqualTo(values[i]);
        }
        assertThat(in.atEnd()).isTrue();
    }

    @Test
    void readsVarintsUpToSixtyFourBits() {
        long[] values = {0, 1, 127, 128, 300, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        BitWriter out = new BitWriter(4);
        out.writeBit(1); // varints need not start on a byte boundary
        for (long value : values) {
            out.writeVarint(value);
        }
        BitReader in = reader(out);

        assertThat(in.readBit()).isEqualTo(1);
        for (long value : values) {
            assertThat(in.readVarint()).isEqualTo(value);
        }
    }

    @Test
    void refusesAVarintLongerThanSixtyFourBits() {
        byte[] bytes = new byte[11];
        java.util.Arrays.fill(bytes, (byte) 0xFF);

        assertThatThrownBy(() -> new BitReader(bytes, 0, bytes.length, "header").readVarint())
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("longer than 64 bits");
    }

    @Test
    void countsOnesUpToTheirLimitAndConsumesTheZeroAfterThem() {
        BitWriter out = new BitWriter(4);
        out.writeBits(0b1110, 4);
        out.writeBits(0xFFFF, 16);
        out.writeBits(0b0, 1);
        BitReader in = reader(out);

        assertThat(in.readOnes(16)).isEqualTo(3);
        assertThat(in.readOnes(16)).isEqualTo(16);
        assertThat(in.readOnes(16)).isZero();
    }

    @Test
    void refusesToReadPastTheEndOfItsSection() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, 0x00};
        BitReader in = new BitReader(bytes, 0, 2, "timestamp section");

        assertThat(in.readBits(12)).isEqualTo(0xFFF);
        assertThatThrownBy(() -> in.readOnes(16))
                .isInstanceOf(ChunkEncodingException.class)
                .hasMessageContaining("timestamp section ends early");
        assertThatThrownBy(() -> in.readBits(5)).isInstanceOf(ChunkEncodingException.class);
    }

    @Test
    void isNotAtEndWhileAnythingButZeroPaddingIsLeft() {
        byte[] bytes = {(byte) 0b1010_0000, 0x00};

        BitReader padded = new BitReader(bytes, 0, 1, "value section");
        padded.readBits(3);
        assertThat(padded.atEnd()).isTrue();

        BitReader withSetBit = new BitReader(bytes, 0, 1, "value section");
        withSetBit.readBits(1);
        assertThat(withSetBit.atEnd()).isFalse();

        BitReader withWholeByte = new BitReader(bytes, 0, 2, "value section");
        withWholeByte.readBits(3);
        assertThat(withWholeByte.atEnd()).isFalse();
    }

    private static BitReader reader(BitWriter out) {
        byte[] bytes = new byte[out.byteLength()];
        out.copyTo(bytes, 0);
        return new BitReader(bytes, 0, bytes.length, "test section");
    }
}
