package io.fleetdeck.console.history;

import io.fleetdeck.model.Reading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chart thinning that keeps spikes: the span is cut into pixel columns and each column gives its lowest and its
 * highest reading (real samples, in time order, each once), and the last reading is always kept so a live chart ends
 * at the newest value. When the range holds no more than {@code maxPoints} readings they are all returned. Readings
 * must arrive in ascending time.
 */
final class MinMaxDecimation implements ReadingBlock {
    private final String sensor;
    private final int maxPoints;
    private final long firstTs;
    private final long lastTsBound;
    private final long span;
    private final int columns;
    private final long[] minTs;
    private final double[] minValue;
    private final long[] maxTs;
    private final double[] maxValue;
    private final long[] keptTs;
    private final double[] keptValues;
    private long count;
    private long lastTs;
    private double lastValue;

    /**
     * @param firstTs  no reading is earlier
     * @param lastTs   no reading is later
     * @param maxPoints at most this many readings are returned; with fewer than 3 only the last one
     */
    MinMaxDecimation(String sensor, long firstTs, long lastTs, int maxPoints) {
        this.sensor = sensor;
        this.maxPoints = maxPoints;
        this.firstTs = firstTs;
        this.lastTsBound = lastTs;
        this.span = Math.max(1, lastTs - firstTs + 1);
        // Two readings per column plus the last one.
        this.columns = (maxPoints - 1) / 2;
        this.minTs = new long[columns];
        this.minValue = new double[columns];
        this.maxTs = new long[columns];
        this.maxValue = new double[columns];
        Arrays.fill(minTs, Long.MIN_VALUE);
        this.keptTs = new long[maxPoints];
        this.keptValues = new double[maxPoints];
    }

    @Override
    public void accept(long[] ts, double[] values, int from, int to) {
        // The first maxPoints readings, returned as they are when no more come.
        if (count < maxPoints) {
            int keep = (int) Math.min(to - from, maxPoints - count);
            System.arraycopy(ts, from, keptTs, (int) count, keep);
            System.arraycopy(values, from, keptValues, (int) count, keep);
        }
        count += to - from;
        lastTs = ts[to - 1];
        lastValue = values[to - 1];
        if (columns == 0) {
            return;
        }
        // Readings ascend, so the column only moves forward: one division per column, not per reading.
        int column = column(ts[from]);
        long nextColumnTs = columnStart(column + 1);
        for (int i = from; i < to; i++) {
            long t = ts[i];
            if (t >= nextColumnTs) {
                column = column(t);
                nextColumnTs = columnStart(column + 1);
            }
            double value = values[i];
            if (minTs[column] == Long.MIN_VALUE) {
                minTs[column] = t;
                minValue[column] = value;
                maxTs[column] = t;
                maxValue[column] = value;
            } else if (value < minValue[column]) {
                minTs[column] = t;
                minValue[column] = value;
            } else if (value > maxValue[column]) {
                maxTs[column] = t;
                maxValue[column] = value;
            }
        }
    }

    /**
     * A chunk inside one column whose lowest and highest values the column already has (ties keep the earlier
     * reading anyway) changes nothing, once there are more than maxPoints readings (so they are not all returned) and
     * unless it may hold the last reading. Zoomed out, most chunks are left undecoded this way.
     */
    @Override
    public boolean skips(long startTs, long endTs, int chunkCount, double min, double max) {
        if (columns == 0 || count <= maxPoints || endTs >= lastTsBound) {
            return false;
        }
        int column = column(startTs);
        if (column != column(endTs) || minTs[column] == Long.MIN_VALUE || minValue[column] > min
                || maxValue[column] < max) {
            return false;
        }
        count += chunkCount;
        return true;
    }

    /** (ts - first) < 2^43 for any ms timestamp before the year 2248 and columns < 2^16: no overflow. */
    private int column(long ts) {
        return (int) Math.min(columns - 1, Math.max(0, (ts - firstTs) * columns / span));
    }

    /** The first timestamp of {@code column}: the least t with (t - first) * columns / span >= column. */
    private long columnStart(int column) {
        if (column >= columns) {
            return Long.MAX_VALUE;
        }
        return firstTs + Math.ceilDiv(column * span, columns);
    }

    long visited() {
        return count;
    }

    List<Reading> result() {
        if (count == 0) {
            return List.of();
        }
        if (count <= maxPoints) {
            List<Reading> all = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                all.add(new Reading(sensor, keptTs[i], keptValues[i]));
            }
            return all;
        }
        List<Reading> thinned = new ArrayList<>(2 * columns + 1);
        for (int c = 0; c < columns; c++) {
            if (minTs[c] == Long.MIN_VALUE) {
                continue;
            }
            boolean minFirst = minTs[c] <= maxTs[c];
            add(thinned, minFirst ? minTs[c] : maxTs[c], minFirst ? minValue[c] : maxValue[c]);
            add(thinned, minFirst ? maxTs[c] : minTs[c], minFirst ? maxValue[c] : minValue[c]);
        }
        add(thinned, lastTs, lastValue);
        return thinned;
    }

    private void add(List<Reading> readings, long ts, double value) {
        if (readings.isEmpty() || readings.getLast().ts() < ts) {
            readings.add(new Reading(sensor, ts, value));
        }
    }
}
