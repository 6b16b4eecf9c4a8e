package io.fleetdeck.console.history.chunk;

/**
 * Golomb-Rice code with parameter k for unsigned numbers (zigzagged differences): the quotient {@code u >>> k} in
 * unary, then the k low bits. It fits the two-sided geometric spread of sensor noise and timestamp jitter; k is chosen
 * per chunk from the exact cost, so a mostly-regular column costs 1 bit per number and an outlier (a reboot gap,
 * a spike) costs its escape once instead of inflating every other number as a mean-based k would.
 */
final class RiceCode {
    /** Quotients this large are written as an escape: {@code ESCAPE} ones, 6 bits of length-1, the number itself. */
    static final int ESCAPE = 16;

    private RiceCode() {
    }

    static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /**
     * The k (0..63) that writes {@code numbers[0..count)} in the fewest bits, found by walking the exact cost from
     * the median's k while it falls (the cost is close to convex in k, so this is the optimum or next to it).
     */
    static int bestParameter(long[] numbers, int count) {
        if (count == 0) {
            return 0;
        }
        int start = startingParameter(numbers, count);
        int best = start;
        long bestCost = cost(numbers, count, start);
        for (int k = start - 1; k >= 0; k--) {
            long cost = cost(numbers, count, k);
            if (cost > bestCost) {
                break;
            }
            best = k;
            bestCost = cost;
        }
        if (best == start) {
            for (int k = start + 1; k < 64; k++) {
                long cost = cost(numbers, count, k);
                if (cost >= bestCost) {
                    break;
                }
                best = k;
                bestCost = cost;
            }
        }
        return best;
    }

    /** One less than the bit length of the median number: close to the optimum, and blind to outliers. */
    private static int startingParameter(long[] numbers, int count) {
        int[] lengths = new int[65];
        for (int i = 0; i < count; i++) {
            lengths[64 - Long.numberOfLeadingZeros(numbers[i])]++;
        }
        int seen = 0;
        for (int length = 0; length <= 64; length++) {
            seen += lengths[length];
            if (seen * 2 >= count) {
                return Math.max(0, length - 1);
            }
        }
        return 63;
    }

    static long cost(long[] numbers, int count, int k) {
        long bits = 0;
        for (int i = 0; i < count; i++) {
            long quotient = numbers[i] >>> k;
            bits += fitsUnary(quotient) ? quotient + 1 + k : ESCAPE + 6 + 64 - Long.numberOfLeadingZeros(numbers[i]);
        }
        return bits;
    }

    /** Unsigned: with k = 0 the quotient is the number itself, which may have its top bit set. */
    private static boolean fitsUnary(long quotient) {
        return quotient >= 0 && quotient < ESCAPE;
    }

    static void write(BitWriter out, long number, int k) {
        long quotient = number >>> k;
        if (fitsUnary(quotient)) {
            // quotient ones and a zero, then the low k bits: one field when they fit in a word (all but huge k)
            int length = (int) quotient + 1 + k;
            if (length <= 64) {
                long low = k == 0 ? 0 : number & (-1L >>> (64 - k));
                out.writeBits((((1L << quotient) - 1) << 1 << k) | low, length);
            } else {
                out.writeBits(((1L << quotient) - 1) << 1, (int) quotient + 1);
                out.writeBits(number, k);
            }
        } else {
            int length = 64 - Long.numberOfLeadingZeros(number);
            out.writeBits((1L << ESCAPE) - 1, ESCAPE);
            out.writeBits(length - 1, 6);
            out.writeBits(number, length);
        }
    }

    static long read(BitReader in, int k, byte[] blob) {
        int quotient = in.readOnes(ESCAPE);
        if (quotient < ESCAPE) {
            if (k > 0 && quotient > (-1L >>> k)) {
                throw ChunkEncodingException.damaged(blob, "a Rice-coded number is longer than 64 bits");
            }
            return ((long) quotient << k) | in.readBits(k);
        }
        int length = (int) in.readBits(6) + 1;
        long number = in.readBits(length);
        if (fitsUnary(number >>> k)) {
            throw ChunkEncodingException.damaged(blob, "an escaped Rice-coded number is too small to need the escape");
        }
        return number;
    }
}
