package io.fleetdeck.console.history;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What the writer knows about one sensor: its key, the newest timestamp stored, its open chunk, and the readings of
 * the transaction being built. Writer thread only.
 */
final class SensorChunks {
    /** Not yet read from the file. */
    static final long UNKNOWN = Long.MIN_VALUE;

    final long sensorKey;
    long lastStoredTs = UNKNOWN;
    OpenChunk open;
    long[] pendingTs = new long[16];
    double[] pendingValues = new double[16];
    int pending;

    SensorChunks(long sensorKey) {
        this.sensorKey = sensorKey;
    }

    void addPending(long ts, double value) {
        if (pending == pendingTs.length) {
            pendingTs = Arrays.copyOf(pendingTs, pending * 2);
            pendingValues = Arrays.copyOf(pendingValues, pending * 2);
        }
        pendingTs[pending] = ts;
        pendingValues[pending] = value;
        pending++;
    }

    /**
     * Sorts the pending readings by timestamp and keeps only the first of equal ones (in the order they were
     * appended); returns how many were dropped as duplicates.
     */
    int sortAndDeduplicatePending() {
        if (!ascending()) {
            sortPending();
        }
        int kept = pending == 0 ? 0 : 1;
        for (int i = 1; i < pending; i++) {
            if (pendingTs[i] != pendingTs[kept - 1]) {
                pendingTs[kept] = pendingTs[i];
                pendingValues[kept] = pendingValues[i];
                kept++;
            }
        }
        int duplicates = pending - kept;
        pending = kept;
        return duplicates;
    }

    private boolean ascending() {
        for (int i = 1; i < pending; i++) {
            if (pendingTs[i] < pendingTs[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Out-of-order batches are rare; a stable sort of boxed indices keeps the first of equal timestamps first. */
    private void sortPending() {
        long[] ts = pendingTs;
        Integer[] order = IntStream.range(0, pending).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong(i -> ts[i]));
        long[] sortedTs = new long[pendingTs.length];
        double[] sortedValues = new double[pendingValues.length];
        for (int i = 0; i < pending; i++) {
            sortedTs[i] = pendingTs[order[i]];
            sortedValues[i] = pendingValues[order[i]];
        }
        pendingTs = sortedTs;
        pendingValues = sortedValues;
    }
}
