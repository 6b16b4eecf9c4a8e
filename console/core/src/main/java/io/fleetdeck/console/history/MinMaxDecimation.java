package io.fleetdeck.console.history;

import io.fleetdeck.model.Reading;

import java.util.ArrayList;
import java.util.List;

/**
 * Chart thinning that keeps spikes: the span is cut into pixel columns and each column gives its lowest and its
 * highest reading (real samples, in time order, each once), and the last reading is always kept so a live chart ends
 * at the newest value. When the range holds no more than {@code maxPoints} readings they are all returned. Readings
 * must be visited in ascending time.
 */
final class MinMaxDecimation implements ReadingVisitor {
    private final String sensor;
    private final int maxPoints;
    private final long firstTs;
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
     * @param firstTs  no reading visited is earlier
     * @param lastTs   no reading visited is later
     * @param maxPoints at most this many readings are returned; with fewer than 3 only the last one
     */
    MinMaxDecimation(String sensor, long firstTs, long lastTs, int maxPoints) {
        this.sensor = sensor;
        this.maxPoints = maxPoints;
        this.firstTs = firstTs;
        this.span = Math.max(1, lastTs - firstTs + 1);
        // Two readings per column plus the last one.
        this.columns = (maxPoints - 1) / 2;
        this.minTs = new long[columns];
        this.minValue = new double[columns];
        this.maxTs = new long[columns];
        this.maxValue = new double[columns];
        java.util.Arrays.fill(minTs, Long.MIN_VALUE);
        this.keptTs = new long[maxPoints];
        this.keptValues = new double[maxPoints];
    }

    @Override
    public void visit(long ts, double value) {
        if (count < maxPoints) {
            keptTs[(int) count] = ts;
            keptValues[(int) count] = value;
        }
        count++;
        lastTs = ts;
        lastValue = value;
        if (columns == 0) {
            return;
        }
        // (ts - first) < 2^43 for any ms timestamp before the year 2248, columns < 2^16: no overflow.
        int column = (int) Math.min(columns - 1, Math.max(0, (ts - firstTs) * columns / span));
        if (minTs[column] == Long.MIN_VALUE) {
            minTs[column] = ts;
            minValue[column] = value;
            maxTs[column] = ts;
            maxValue[column] = value;
        } else if (value < minValue[column]) {
            minTs[column] = ts;
            minValue[column] = value;
        } else if (value > maxValue[column]) {
            maxTs[column] = ts;
            maxValue[column] = value;
        }
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
