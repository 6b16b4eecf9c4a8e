package io.fleetdeck.console.record;

import io.fleetdeck.console.history.ReadingVisitor;

/**
 * One sensor's readings over the session as the record keeps them besides the CSV: count, minimum, maximum and mean
 * of every reading, and per pixel column of its chart the lowest, highest, first and last reading, so the chart keeps
 * every spike however many readings a column covers. Fed in time order by one scan; memory stays flat.
 */
final class SensorTrace implements ReadingVisitor {
    private final long fromMs;
    private final long toMs;
    private final int columns;
    private final double[] low;
    private final double[] high;
    private final double[] first;
    private final double[] last;
    private final long[] firstMs;
    private final long[] lastMs;
    private final boolean[] filled;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    SensorTrace(long fromMs, long toMs, int columns) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.columns = columns;
        low = new double[columns];
        high = new double[columns];
        first = new double[columns];
        last = new double[columns];
        firstMs = new long[columns];
        lastMs = new long[columns];
        filled = new boolean[columns];
    }

    @Override
    public void visit(long tsMs, double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        int column = column(tsMs);
        if (!filled[column]) {
            filled[column] = true;
            low[column] = value;
            high[column] = value;
            first[column] = value;
            firstMs[column] = tsMs;
        } else {
            low[column] = Math.min(low[column], value);
            high[column] = Math.max(high[column], value);
        }
        last[column] = value;
        lastMs[column] = tsMs;
    }

    int column(long tsMs) {
        long span = Math.max(1, toMs - fromMs);
        long offset = Math.clamp(tsMs - fromMs, 0, span);
        return (int) Math.min(columns - 1, offset * columns / span);
    }

    long count() {
        return count;
    }

    /** NaN when there are no readings. */
    double min() {
        return count == 0 ? Double.NaN : min;
    }

    double max() {
        return count == 0 ? Double.NaN : max;
    }

    double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    long fromMs() {
        return fromMs;
    }

    long toMs() {
        return toMs;
    }

    int columns() {
        return columns;
    }

    boolean filled(int column) {
        return filled[column];
    }

    double low(int column) {
        return low[column];
    }

    double high(int column) {
        return high[column];
    }

    double first(int column) {
        return first[column];
    }

    double last(int column) {
        return last[column];
    }

    long firstMs(int column) {
        return firstMs[column];
    }

    long lastMs(int column) {
        return lastMs[column];
    }
}
