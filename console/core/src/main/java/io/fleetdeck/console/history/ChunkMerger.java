package io.fleetdeck.console.history;

import io.fleetdeck.console.history.chunk.ChunkCodec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the readings of one sensor's chunks in timestamp order. Chunks arrive ordered by their first timestamp;
 * those that overlap in time (late readings stored as extra chunks) are gathered into a group and merged, every other
 * chunk is decoded and handed on as one block (unless the sink can do without it), so memory stays at one group of
 * chunks however long the range.
 */
final class ChunkMerger {
    private final long fromMs;
    private final long toMs;
    private final ReadingBlock sink;
    private final List<byte[]> group = new ArrayList<>();
    private long groupEndTs = Long.MIN_VALUE;
    private long firstStartTs;
    private int firstCount;
    private double firstMin;
    private double firstMax;
    private long[] ts = new long[OpenChunk.MAX_COUNT];
    private double[] values = new double[OpenChunk.MAX_COUNT];
    private long visited;

    ChunkMerger(long fromMs, long toMs, ReadingBlock sink) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.sink = sink;
    }

    /** The next chunk by {@code startTs}, with its summary. */
    void add(long startTs, long endTs, int count, double min, double max, byte[] blob) {
        if (!group.isEmpty() && startTs > groupEndTs) {
            flush();
        }
        if (group.isEmpty()) {
            firstStartTs = startTs;
            firstCount = count;
            firstMin = min;
            firstMax = max;
        }
        group.add(blob);
        groupEndTs = Math.max(groupEndTs, endTs);
    }

    /** Hands on what is left; returns the readings handed on in all. */
    long finish() {
        flush();
        return visited;
    }

    private void flush() {
        if (group.size() == 1 && firstStartTs >= fromMs && groupEndTs <= toMs
                && sink.skips(firstStartTs, groupEndTs, firstCount, firstMin, firstMax)) {
            visited += firstCount;
        } else if (group.size() == 1) {
            byte[] blob = group.getFirst();
            ensureCapacity(ChunkCodec.count(blob));
            emitInRange(ChunkCodec.decode(blob, ts, values));
        } else if (!group.isEmpty()) {
            mergeGroup();
        }
        group.clear();
        groupEndTs = Long.MIN_VALUE;
    }

    /**
     * Decodes every chunk of the group, then a k-way merge picking the smallest head by a linear search: groups are a
     * chunk and the few late chunks beside it. The writer never stores a timestamp twice; should a file hold one
     * anyway, it is handed on once.
     */
    private void mergeGroup() {
        int k = group.size();
        long[][] chunkTs = new long[k][];
        double[][] chunkValues = new double[k][];
        int[] count = new int[k];
        int[] head = new int[k];
        int total = 0;
        for (int c = 0; c < k; c++) {
            byte[] blob = group.get(c);
            int n = ChunkCodec.count(blob);
            chunkTs[c] = new long[n];
            chunkValues[c] = new double[n];
            count[c] = ChunkCodec.decode(blob, chunkTs[c], chunkValues[c]);
            total += count[c];
        }
        ensureCapacity(total);
        int merged = 0;
        while (true) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (head[c] < count[c] && (best < 0 || chunkTs[c][head[c]] < chunkTs[best][head[best]])) {
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            long t = chunkTs[best][head[best]];
            if (merged == 0 || t != ts[merged - 1]) {
                ts[merged] = t;
                values[merged] = chunkValues[best][head[best]];
                merged++;
            }
            head[best]++;
        }
        emitInRange(merged);
    }

    private void emitInRange(int count) {
        int from = 0;
        if (count > 0 && ts[0] < fromMs) {
            from = insertionPoint(fromMs, count);
        }
        int to = count;
        if (count > 0 && ts[count - 1] > toMs) {
            to = insertionPoint(toMs + 1, count);
        }
        if (from < to) {
            sink.accept(ts, values, from, to);
            visited += to - from;
        }
    }

    /** The index of the first timestamp at or after {@code target}. */
    private int insertionPoint(long target, int count) {
        int found = Arrays.binarySearch(ts, 0, count, target);
        return found >= 0 ? found : -found - 1;
    }

    private void ensureCapacity(int count) {
        if (ts.length < count) {
            ts = new long[count];
            values = new double[count];
        }
    }
}
