package io.fleetdeck.console.history;

/**
 * Receives decoded readings a block at a time: {@code ts[from..to)} with their values, ascending and after every
 * block before. The arrays are reused for the next block. Lets a chart query run a tight loop over a decoded chunk
 * instead of one call per reading.
 */
@FunctionalInterface
interface ReadingBlock {
    void accept(long[] ts, double[] values, int from, int to);

    /** One {@link ReadingVisitor#visit} per reading. */
    static ReadingBlock of(ReadingVisitor visitor) {
        return (ts, values, from, to) -> {
            for (int i = from; i < to; i++) {
                visitor.visit(ts[i], values[i]);
            }
        };
    }
}
