package io.fleetdeck.console.ingest;

import java.util.Arrays;

/**
 * Samples waiting for the next pulse: written by the ingest thread, drained by the FX thread in one go. Bounded, so
 * a paused chart on a busy sensor keeps the newest {@code capacity} points instead of growing without end.
 */
public final class PendingSamples {
    private final int capacity;
    private double[] xs = new double[64];
    private double[] ys = new double[64];
    private int size;
    private long dropped;

    public PendingSamples(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(double x, double y) {
        if (size == capacity) {
            int half = capacity / 2;
            System.arraycopy(xs, half, xs, 0, size - half);
            System.arraycopy(ys, half, ys, 0, size - half);
            size -= half;
            dropped += half;
        }
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, Math.min(capacity, xs.length * 2));
            ys = Arrays.copyOf(ys, xs.length);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
    }

    /** Takes everything pending, oldest first; null when there is nothing. */
    public synchronized Drained drain() {
        if (size == 0) {
            return null;
        }
        Drained drained = new Drained(Arrays.copyOf(xs, size), Arrays.copyOf(ys, size));
        size = 0;
        return drained;
    }

    /** Points discarded because nobody drained them in time. */
    public synchronized long dropped() {
        return dropped;
    }

    /** A drained block of samples, x in epoch seconds. */
    public record Drained(double[] xs, double[] ys) {
    }
}
