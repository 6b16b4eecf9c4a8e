package io.fleetdeck.console.history.chunk;

/**
 * Gorilla's value encoding (Pelkonen et al., VLDB 2015; as in Prometheus' chunkenc): each value's IEEE bits XOR the
 * previous value's; an unchanged value costs one bit, a change reuses the previous window of meaningful bits when
 * it fits, otherwise it states its leading zeros (5 bits) and length (6 bits). Exact for every double, -0.0 and
 * subnormals included.
 */
final class XorValues {
    static final int ENCODING = 1;

    private XorValues() {
    }

    /**
     * The bits {@link #write} would write for {@code values[0..n)}, counted without writing them: the codec writes
     * this encoding only when it beats the scaled-decimal one, which most sensors' values fit.
     */
    static long bits(double[] values, int n) {
        long previous = Double.doubleToRawLongBits(values[0]);
        long bits = 64;
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < n; i++) {
            long current = Double.doubleToRawLongBits(values[i]);
            long xor = current ^ previous;
            previous = current;
            if (xor == 0) {
                bits += 1;
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trailing = Long.numberOfTrailingZeros(xor);
            if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
                bits += 2 + 64 - windowLeading - windowTrailing;
            } else {
                windowLeading = leading;
                windowTrailing = trailing;
                bits += 2 + 5 + 6 + 64 - leading - trailing;
            }
        }
        return bits;
    }

    static void write(double[] values, int n, BitWriter out) {
        long previous = Double.doubleToRawLongBits(values[0]);
        out.writeBits(previous, 64);
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            long xor = bits ^ previous;
            previous = bits;
            if (xor == 0) {
                out.writeBit(0);
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trailing = Long.numberOfTrailingZeros(xor);
            if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
                out.writeBits(0b10, 2);
                out.writeBits(xor >>> windowTrailing, 64 - windowLeading - windowTrailing);
            } else {
                windowLeading = leading;
                windowTrailing = trailing;
                int significant = 64 - leading - trailing;
                out.writeBits(0b11, 2);
                out.writeBits(leading, 5);
                out.writeBits(significant & 63, 6); // 64 significant bits are written as 0
                out.writeBits(xor >>> trailing, significant);
            }
        }
    }

    static final class Reader implements ValueReader {
        private final BitReader in;
        private final byte[] blob;
        private long previous;
        private boolean started;
        private int windowLeading = -1;
        private int windowTrailing;

        Reader(BitReader in, byte[] blob) {
            this.in = in;
            this.blob = blob;
        }

        @Override
        public double next() {
            if (!started) {
                started = true;
                previous = in.readBits(64);
                return finite(previous);
            }
            if (in.readBit() == 0) {
                return Double.longBitsToDouble(previous);
            }
            if (in.readBit() == 0) {
                if (windowLeading < 0) {
                    throw ChunkEncodingException.damaged(blob, "a value reuses a bit window before any was set");
                }
                previous ^= in.readBits(64 - windowLeading - windowTrailing) << windowTrailing;
            } else {
                int leading = (int) in.readBits(5);
                int significant = (int) in.readBits(6);
                if (significant == 0) {
                    significant = 64;
                }
                int trailing = 64 - leading - significant;
                if (trailing < 0) {
                    throw ChunkEncodingException.damaged(blob, "a value's bit window is wider than 64 bits");
                }
                windowLeading = leading;
                windowTrailing = trailing;
                previous ^= in.readBits(significant) << trailing;
            }
            return finite(previous);
        }

        private double finite(long bits) {
            double value = Double.longBitsToDouble(bits);
            if (!Double.isFinite(value)) {
                throw ChunkEncodingException.damaged(blob, "a value decodes to " + value
                        + "; the history stores only finite values");
            }
            return value;
        }

        @Override
        public boolean atEnd() {
            return in.atEnd();
        }
    }
}
