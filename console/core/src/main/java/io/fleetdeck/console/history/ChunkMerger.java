package io.fleetdeck.console.history;

import io.fleetdeck.console.history.chunk.ChunkCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams the readings of one sensor's chunks in timestamp order. Chunks arrive ordered by their first timestamp;
 * those that overlap in time (late readings stored as extra chunks) are gathered into a group and merged, everything
 * else is decoded straight into the visitor, so memory stays at one group of chunks however long the range.
 */
final class ChunkMerger {
    private final long fromMs;
    private final long toMs;
    private final ReadingVisitor visitor;
    private final List<byte[]> group = new ArrayList<>();
    private long groupEndTs = Long.MIN_VALUE;
    private long visited;

    ChunkMerger(long fromMs, long toMs, ReadingVisitor visitor) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.visitor = visitor;
    }

    /** The next chunk by {@code startTs}. */
    void add(long startTs, long endTs, byte[] blob) {
        if (!group.isEmpty() && startTs > groupEndTs) {
            flush();
        }
        group.add(blob);
        groupEndTs = Math.max(groupEndTs, endTs);
    }

    /** Visits what is left; returns the readings visited in all. */
    long finish() {
        flush();
        return visited;
    }

    private void flush() {
        if (group.size() == 1) {
            visited += ChunkCodec.decode(group.getFirst(), fromMs, toMs, visitor);
        } else if (!group.isEmpty()) {
            mergeGroup();
        }
        group.clear();
        groupEndTs = Long.MIN_VALUE;
    }

    /**
     * A k-way merge picking the smallest head by a linear search: groups are a chunk and the few late chunks beside
     * it. The writer never stores a timestamp twice; should a file hold one anyway, it is visited once.
     */
    private void mergeGroup() {
        int k = group.size();
        long[][] ts = new long[k][];
        double[][] values = new double[k][];
        int[] count = new int[k];
        int[] head = new int[k];
        for (int c = 0; c < k; c++) {
            byte[] blob = group.get(c);
            int n = ChunkCodec.count(blob);
            ts[c] = new long[n];
            values[c] = new double[n];
            count[c] = ChunkCodec.decode(blob, ts[c], values[c]);
        }
        long last = Long.MIN_VALUE;
        while (true) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (head[c] < count[c] && (best < 0 || ts[c][head[c]] < ts[best][head[best]])) {
                    best = c;
                }
            }
            if (best < 0) {
                return;
            }
            long t = ts[best][head[best]];
            double value = values[best][head[best]];
            head[best]++;
            if (t > toMs) {
                return;
            }
            if (t >= fromMs && t != last) {
                visitor.visit(t, value);
                visited++;
                last = t;
            }
        }
    }
}
