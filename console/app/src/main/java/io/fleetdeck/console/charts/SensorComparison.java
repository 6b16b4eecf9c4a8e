package io.fleetdeck.console.charts;

import io.fleetdeck.console.history.ReadingStats;

/** One sensor's readings over equal windows before and after a firmware change. */
public record SensorComparison(String sensor, String label, String unit, ReadingStats before, ReadingStats after) {

    /** After minus before, in the sensor's unit; NaN when either side has no readings. */
    public double meanChange() {
        return after.mean() - before.mean();
    }
}
