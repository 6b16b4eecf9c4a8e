package io.fleetdeck.console.history;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * The chunk of one sensor that new readings are appended to, kept whole in memory by the writer. Until it is sealed,
 * each commit stores only the readings new since the last one, as a small unpacked row of their own (a fragment);
 * sealing replaces the fragments with one packed row. Rewriting the whole open chunk at every commit instead wrote
 * each reading some 20 times over under load (a chunk of up to 1,000 readings, a few dozen new per commit), and
 * that rewriting was the history writer's largest cost at saturation. Writer thread only.
 *
 * <p>Sealing: at {@link #MAX_COUNT} readings (measured with HistoryWriteBenchmark, placeholder codec: 1,000 gave
 * 3.1-4.0 M readings/s, 2,000 gave 1.4-1.8 M, 4,000 gave 1.2-1.9 M, when each commit still rewrote every open chunk
 * it touched), or when a reading is {@link #MAX_SPAN_MS} or more after the chunk's first one (a reading exactly at
 * the boundary starts the next chunk), or when the store closes. The count bounds what a seal packs; the span bounds
 * how long retention keeps a chunk past its cutoff, and lets a slow sensor (1 Hz) still fill chunks of 60 readings
 * rather than one row per reading. Queries read fragments like any chunk: they hold distinct, ordered timestamps.
 */
final class OpenChunk {
    static final int MAX_COUNT = 1_000;
    static final long MAX_SPAN_MS = 60_000;
    private static final int INITIAL_CAPACITY = 32;

    private long[] ts = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int count;
    /** Readings already in the file, as the fragments below. */
    private int written;
    private long[] fragments = new long[8];
    private int fragmentCount;

    /** Whether a chunk that starts at {@code firstTs} and holds {@code count} readings takes one at {@code nextTs}. */
    static boolean fits(long firstTs, int count, long nextTs) {
        return count == 0 || (count < MAX_COUNT && nextTs - firstTs < MAX_SPAN_MS);
    }

    boolean accepts(long nextTs) {
        return fits(ts[0], count, nextTs);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The caller guarantees {@code readingTs} is after the last reading. */
    void add(long readingTs, double value) {
        if (count == ts.length) {
            int grown = Math.min(MAX_COUNT, count * 2);
            ts = Arrays.copyOf(ts, grown);
            values = Arrays.copyOf(values, grown);
        }
        ts[count] = readingTs;
        values[count] = value;
        count++;
    }

    /**
     * Puts what was added since the last call into the file: a new fragment while the chunk grows; once it is full
     * or {@code sealed} (no reading will be added), one packed row in place of its fragments.
     */
    void write(long sensorKey, ChunkStatements statements, ChunkIds ids, boolean sealed) throws SQLException {
        if (sealed || count >= MAX_COUNT) {
            if (count == 0 || (written == count && fragmentCount == 0)) {
                return; // empty, or packed already when it filled up
            }
            for (int i = 0; i < fragmentCount; i++) {
                statements.delete(fragments[i]);
            }
            fragmentCount = 0;
            statements.write(ids.next(), false, sensorKey, ts, values, count, true);
            written = count;
            return;
        }
        if (written == count) {
            return;
        }
        long id = ids.next();
        statements.write(id, false, sensorKey, Arrays.copyOfRange(ts, written, count),
                Arrays.copyOfRange(values, written, count), count - written, false);
        if (fragmentCount == fragments.length) {
            fragments = Arrays.copyOf(fragments, fragmentCount * 2);
        }
        fragments[fragmentCount++] = id;
        written = count;
    }

    /** After sealing: the next reading starts a new chunk, reusing the arrays. */
    void restart() {
        count = 0;
        written = 0;
        fragmentCount = 0;
    }
}
