package io.fleetdeck.console.history;

/**
 * Receives decoded readings a block at a time: {@code ts[from..to)} with their values, ascending and after every
 * block before. The arrays are reused for the next block. Lets a chart query run a tight loop over a decoded chunk
 * instead of one call per reading.
 */
@FunctionalInterface
interface ReadingBlock {
    void accept(long[] ts, double[] values, int from, int to);

    /**
     * Whether a chunk wholly inside the range, known only by its summary, can be left out undecoded because it
     * cannot change what this sink makes of the readings; it then counts as accepted. Never for a plain visitor.
     */
    default boolean skips(long startTs, long endTs, int count, double min, double max) {
        return false;
    }

    /** One {@link ReadingVisitor#visit} per reading. */
    static ReadingBlock of(ReadingVisitor visitor) {
        return (ts, values, from, to) -> {
            for (int i = from; i < to; i++) {
                visitor.visit(ts[i], values[i]);
            }
        };
    }
}
