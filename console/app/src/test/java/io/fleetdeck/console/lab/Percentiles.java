package io.fleetdeck.console.lab;

import java.util.List;
import java.util.Locale;

/** Median and nearest-rank percentiles of a small sample, as the benchmark reports them. */
record Percentiles(int count, long min, long median, long p95, long max) {
    static Percentiles of(List<Long> samples) {
        if (samples.isEmpty()) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        long p95 = sorted.get((int) Math.ceil(0.95 * n) - 1);
        return new Percentiles(n, sorted.getFirst(), median, p95, sorted.getLast());
    }

    String describe() {
        return String.format(Locale.ROOT, "median %d ms, p95 %d ms (min %d, max %d, n=%d)", median, p95, min, max, count);
    }
}
