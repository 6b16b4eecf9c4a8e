package io.fleetdeck.console.history;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * The chunk of one sensor that new readings are appended to, kept in memory by the writer and rewritten into its row
 * at every commit until it is sealed. Writer thread only.
 *
 * <p>Sealing: at {@link #MAX_COUNT} readings (measured with HistoryWriteBenchmark, placeholder codec: 1,000 gave
 * 3.1-4.0 M readings/s, 2,000 gave 1.4-1.8 M, 4,000 gave 1.2-1.9 M, since each commit re-encodes and rewrites every
 * open chunk it touched), or when a reading is {@link #MAX_SPAN_MS} or more after the chunk's
 * first one (a reading exactly at the boundary starts the next chunk). The count bounds what each commit re-encodes
 * for a fast sensor; the span bounds how long retention keeps a chunk past its cutoff, and lets a slow sensor (1 Hz)
 * still fill chunks of 60 readings rather than one row per reading, which a 1 s span would mean.
 */
final class OpenChunk {
    static final int MAX_COUNT = 1_000;
    static final long MAX_SPAN_MS = 60_000;
    private static final int INITIAL_CAPACITY = 32;

    private long chunkId;
    private boolean inFile;
    private long[] ts = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int count;

    OpenChunk(long chunkId) {
        this.chunkId = chunkId;
    }

    /** Whether a chunk that starts at {@code firstTs} and holds {@code count} readings takes one at {@code nextTs}. */
    static boolean fits(long firstTs, int count, long nextTs) {
        return count == 0 || (count < MAX_COUNT && nextTs - firstTs < MAX_SPAN_MS);
    }

    boolean accepts(long nextTs) {
        return fits(ts[0], count, nextTs);
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
     * Writes this chunk's row as it is now: inserted the first time, updated afterwards; packed only when
     * {@code sealed} (no reading will be added), unpacked while it still grows.
     */
    void write(long sensorKey, ChunkStatements statements, ChunkIds ids, boolean sealed) throws SQLException {
        boolean packed = sealed || count >= MAX_COUNT;
        if (packed && inFile) {
            // Packed, the row shrinks to a third or less, and SQLite would leave the rest of its page unused (new
            // chunks go to the end of the table). Written anew at the end, the rows sit densely and the unpacked
            // row's pages go back to the free list.
            statements.delete(chunkId);
            chunkId = ids.next();
            inFile = false;
        }
        statements.write(chunkId, inFile, sensorKey, ts, values, count, packed);
        inFile = true;
    }

    /** After sealing: the next reading starts chunk {@code nextId}, reusing the arrays. */
    void restart(long nextId) {
        chunkId = nextId;
        inFile = false;
        count = 0;
    }
}
