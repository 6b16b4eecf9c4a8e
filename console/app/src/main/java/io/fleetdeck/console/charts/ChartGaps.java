package io.fleetdeck.console.charts;

import java.util.Arrays;

/**
 * Where a sensor's line must break: a chart draws straight across missing data (a reboot, a device offline, a broker
 * gone), which looks like readings that were never taken. A NaN point between two readings further apart than the
 * gap makes ChartFX end the line there and start a new one.
 */
final class ChartGaps {
    /** Live readings further apart than this many sampling periods are a gap... */
    static final int PERIODS = 5;
    /** ...but never less than this, so jitter in a fast sensor's batches is not one. */
    static final double MIN_GAP_SECONDS = 2.0;
    /**
     * History comes as the min and max of each pixel column, two points per column at most: consecutive points of an
     * unbroken record can be two columns apart, so a history gap is wider than this many columns too.
     */
    static final int HISTORY_COLUMNS = 3;
    /**
     * Between a chart's history and its first live points a few seconds may be missing from the chart only (committed
     * after the history query): the gap there has this much more room before it counts.
     */
    static final double SEAM_SLACK_SECONDS = 10;

    private ChartGaps() {
    }

    /** The gap for live readings of a sensor sampled every {@code periodMs} (0 or less: unknown). */
    static double liveGapSeconds(long periodMs) {
        return Math.max(MIN_GAP_SECONDS, PERIODS * Math.max(0, periodMs) / 1000.0);
    }

    /** The gap for history decimated to {@code points} points over {@code windowSeconds}. */
    static double historyGapSeconds(long periodMs, double windowSeconds, int points) {
        double column = windowSeconds / Math.max(1, points / 2);
        return Math.max(liveGapSeconds(periodMs), HISTORY_COLUMNS * column);
    }

    /**
     * The points with a NaN inserted before every one that follows the previous (or {@code previousX}, the last x
     * already drawn; NaN when none) by more than {@code gapSeconds}; x ascending. The arrays themselves when no gap.
     */
    static double[][] withBreaks(double previousX, double[] xs, double[] ys, double gapSeconds) {
        int gaps = 0;
        double last = previousX;
        for (double x : xs) {
            if (x - last > gapSeconds) { // false while last is NaN
                gaps++;
            }
            last = x;
        }
        if (gaps == 0) {
            return new double[][] {xs, ys};
        }
        double[] bx = new double[xs.length + gaps];
        double[] by = new double[xs.length + gaps];
        last = previousX;
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] - last > gapSeconds) {
                // Halfway, so the break sits in the gap whichever way the axis is zoomed.
                bx[n] = (last + xs[i]) / 2;
                by[n] = Double.NaN;
                n++;
            }
            bx[n] = xs[i];
            by[n] = ys[i];
            n++;
            last = xs[i];
        }
        return new double[][] {Arrays.copyOf(bx, n), Arrays.copyOf(by, n)};
    }
}
