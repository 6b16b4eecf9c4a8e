package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;

/**
 * Count, minimum, maximum and mean of one sensor's stored readings in a time range: what a before/after comparison
 * across a firmware update shows. Computed from every stored reading, not the chart's thinned points.
 *
 * @param count readings in the range; min, max and mean are NaN when 0
 */
public record ReadingStats(long count, double min, double max, double mean) {

    /** Scans {@code [fromMs, toMs]} (inclusive) of one sensor. Blocking: call off the FX thread. */
    public static ReadingStats over(ReadingSource source, DeviceId device, String sensor, long fromMs, long toMs) {
        double[] acc = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
        long[] count = {0};
        source.scan(device, sensor, fromMs, toMs, (ts, value) -> {
            acc[0] = Math.min(acc[0], value);
            acc[1] = Math.max(acc[1], value);
            acc[2] += value;
            count[0]++;
        });
        if (count[0] == 0) {
            return new ReadingStats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new ReadingStats(count[0], acc[0], acc[1], acc[2] / count[0]);
    }
}
