package io.fleetdeck.console.history.chunk;

/**
 * Timestamps after the first as Rice-coded, zigzagged deltas of deltas: regular sampling (every delta equal) costs
 * one bit per reading, jitter a few bits, a gap (a reboot, a pause of months) its escape once.
 */
final class TimestampColumn {
    private TimestampColumn() {
    }

    /** Writes {@code ts[1..n)} and returns the Rice parameter used; the caller stores {@code ts[0]} in the header. */
    static int write(long[] ts, int n, BitWriter out) {
        long[] numbers = new long[n - 1];
        long previousDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = ts[i] - ts[i - 1];
            numbers[i - 1] = RiceCode.zigzag(delta - previousDelta);
            previousDelta = delta;
        }
        int k = RiceCode.bestParameter(numbers, n - 1);
        for (long number : numbers) {
            RiceCode.write(out, number, k);
        }
        return k;
    }

    /** Yields the first timestamp, then decodes the rest; refuses a decoded timestamp that is not after the last. */
    static final class Reader {
        private final BitReader in;
        private final int k;
        private final byte[] blob;
        private long previous;
        private long previousDelta;
        private boolean started;

        Reader(BitReader in, int k, long first, byte[] blob) {
            this.in = in;
            this.k = k;
            this.previous = first;
            this.blob = blob;
        }

        long next() {
            if (!started) {
                started = true;
                return previous;
            }
            long delta = previousDelta + RiceCode.unzigzag(RiceCode.read(in, k, blob));
            long ts = previous + delta;
            if (delta <= 0 || ts < 0) {
                throw ChunkEncodingException.damaged(blob, "timestamp after " + previous + " is not later than it");
            }
            previous = ts;
            previousDelta = delta;
            return ts;
        }

        boolean atEnd() {
            return in.atEnd();
        }
    }
}
