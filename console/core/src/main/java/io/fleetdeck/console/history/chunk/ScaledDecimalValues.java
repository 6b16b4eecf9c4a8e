package io.fleetdeck.console.history.chunk;

/**
 * Values that are all exactly {@code k / 10^d} for one d in 0..6 (what sensors report: 21.37 °C, 1013.2 hPa) as the
 * integers k: d, then the first k, then Rice-coded zigzagged differences of k. "Exactly" means the double the decoder
 * computes, {@code (double) k / 10^d}, has the same bits as the value, so the round trip is exact by construction;
 * -0.0, subnormals and full-precision doubles fail that test and go to {@link XorValues}.
 */
final class ScaledDecimalValues {
    static final int ENCODING = 2;
    static final int MAX_DECIMALS = 6;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

    private ScaledDecimalValues() {
    }

    /**
     * The fewest decimals (0..6) with which every value is an exact scaled integer, the integers left in
     * {@code scaled}; -1 when there are none.
     */
    static int decimals(double[] values, int n, long[] scaled) {
        int decimals = 0;
        scan:
        while (true) {
            double scale = POWERS_OF_TEN[decimals];
            for (int i = 0; i < n; i++) {
                double value = values[i];
                long k = Math.round(value * scale);
                if (Double.doubleToRawLongBits(k / scale) != Double.doubleToRawLongBits(value)) {
                    // Rescan at the first d that fits this value: earlier values are rechecked, not assumed to fit.
                    for (int more = decimals + 1; more <= MAX_DECIMALS; more++) {
                        if (fits(value, more)) {
                            decimals = more;
                            continue scan;
                        }
                    }
                    return -1;
                }
                scaled[i] = k;
            }
            return decimals;
        }
    }

    private static boolean fits(double value, int decimals) {
        double scale = POWERS_OF_TEN[decimals];
        return Double.doubleToRawLongBits(Math.round(value * scale) / scale) == Double.doubleToRawLongBits(value);
    }

    /** Writes the values whose scaled integers {@link #decimals} found. */
    static void write(long[] scaled, int n, int decimals, BitWriter out) {
        long[] numbers = new long[n - 1];
        for (int i = 1; i < n; i++) {
            numbers[i - 1] = RiceCode.zigzag(scaled[i] - scaled[i - 1]); // wraps alike in the reader: exact
        }
        int k = RiceCode.bestParameter(numbers, n - 1);
        out.writeBits(decimals, 8);
        out.writeBits(k, 8);
        out.writeVarint(RiceCode.zigzag(scaled[0]));
        for (long number : numbers) {
            RiceCode.write(out, number, k);
        }
    }

    static final class Reader implements ValueReader {
        private final BitReader in;
        private final byte[] blob;
        private final double scale;
        private final int k;
        private long scaled;
        private boolean started;

        Reader(BitReader in, byte[] blob) {
            this.in = in;
            this.blob = blob;
            int decimals = (int) in.readBits(8);
            k = (int) in.readBits(8);
            if (decimals > MAX_DECIMALS || k > 63) {
                throw ChunkEncodingException.damaged(blob, "scaled decimals with " + decimals
                        + " decimals and Rice parameter " + k);
            }
            scale = POWERS_OF_TEN[decimals];
            scaled = RiceCode.unzigzag(in.readVarint());
        }

        @Override
        public double next() {
            if (started) {
                scaled += RiceCode.unzigzag(RiceCode.read(in, k, blob));
            }
            started = true;
            return scaled / scale;
        }

        @Override
        public boolean atEnd() {
            return in.atEnd();
        }
    }
}
