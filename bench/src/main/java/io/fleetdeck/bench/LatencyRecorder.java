package io.fleetdeck.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latency in milliseconds, from a reading's device timestamp to the moment the console's live feed hands
 * it on. Per reading (includes the time the reading waited on the device for its batch) and per batch (from the
 * newest reading in the batch: close to broker + network + decode time alone). Written by the ingest thread, read
 * by the probe's command thread; {@link Recorder} makes that safe without a lock on the hot path.
 */
final class LatencyRecorder {
    private static final long MAX_MS = 3_600_000;

    private final Recorder readings = new Recorder(MAX_MS, 3);
    private final Recorder batches = new Recorder(MAX_MS, 3);

    void recordReading(long ms) {
        readings.recordValue(clamp(ms));
    }

    void recordBatch(long ms) {
        batches.recordValue(clamp(ms));
    }

    /** Starts a new interval, discarding what was recorded so far. */
    void reset() {
        readings.getIntervalHistogram();
        batches.getIntervalHistogram();
    }

    Histogram readingsSinceReset() {
        return readings.getIntervalHistogram();
    }

    Histogram batchesSinceReset() {
        return batches.getIntervalHistogram();
    }

    private static long clamp(long ms) {
        // Device and console share this machine's clock; a negative value can only be millisecond rounding.
        return Math.min(MAX_MS, Math.max(0, ms));
    }
}
