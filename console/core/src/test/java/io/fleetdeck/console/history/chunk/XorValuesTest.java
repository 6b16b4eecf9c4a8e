package io.fleetdeck.console.history.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The codec compares encodings by {@link XorValues#bits} without writing the XOR one: the count must be exact. */
class XorValuesTest {
    @Test
    void countsExactlyTheBitsItWrites() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(1200);
            double[] values = series(random, n, round % 6);

            BitWriter out = new BitWriter(16);
            XorValues.write(values, n, out);
            // Pad to a known bit count: a single 1 bit after the values lands at bit `bits` exactly.
            long bits = XorValues.bits(values, n);
            out.writeBit(1);
            byte[] bytes = new byte[out.byteLength()];
            out.copyTo(bytes, 0);

            assertThat(out.byteLength()).as("round %d", round).isEqualTo((int) ((bits + 1 + 7) / 8));
            int marker = bytes[(int) (bits / 8)] >>> (7 - (int) (bits % 8)) & 1;
            assertThat(marker).as("round %d: the bit after the counted ones is the marker", round).isEqualTo(1);
            assertThat(bytes[bytes.length - 1] & ((1 << (7 - (int) (bits % 8))) - 1))
                    .as("round %d: only padding after the marker", round).isZero();
        }
    }

    private static double[] series(Random random, int n, int kind) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (kind) {
                case 0 -> Math.sin(i / 100.0) + 0.05 * random.nextGaussian();
                case 1 -> Math.round(2100 + 30 * Math.sin(i / 300.0) + random.nextGaussian()) / 100.0;
                case 2 -> 42.0;
                case 3 -> random.nextInt(4) == 0 ? -0.0 : random.nextDouble() * Double.MIN_NORMAL;
                case 4 -> Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
                default -> random.nextInt(3) - 1;
            };
        }
        return values;
    }
}
