package io.fleetdeck.console.charts;

import io.fleetdeck.console.ingest.PendingSamples;
import io.fleetdeck.model.SensorDescriptor;

/** One chart's worth of data plumbing: the sensor it shows and the samples waiting for the next pulse. */
public final class SensorSeries {
    private final SensorDescriptor sensor;
    private final PendingSamples pending = new PendingSamples(200_000);
    private volatile double firstLiveX = Double.POSITIVE_INFINITY;

    public SensorSeries(SensorDescriptor sensor) {
        this.sensor = sensor;
    }

    public SensorDescriptor sensor() {
        return sensor;
    }

    public PendingSamples pending() {
        return pending;
    }

    void addLive(long tsMs, double value) {
        double x = tsMs / 1000.0;
        if (firstLiveX == Double.POSITIVE_INFINITY) {
            firstLiveX = x;
        }
        pending.add(x, value);
    }

    /** The time of the first live sample since the chart opened; history stops short of it. */
    double firstLiveX() {
        return firstLiveX;
    }
}
