package io.fleetdeck.bench;

import io.fleetdeck.model.Reading;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * End-to-end latency in milliseconds, from a reading's device timestamp to the moment the console's live feed hands
 * it on. Per reading (includes the time the reading waited on the device for its batch) and per batch (from the
 * newest reading in the batch: close to broker + network + decode time alone). Written by the ingest thread a batch
 * at a time under one uncontended lock, read by the probe's command thread. (HdrHistogram's {@code Recorder} per
 * reading cost about 3 % of the console's CPU at saturation: a phaser round trip for every value.)
 */
final class LatencyRecorder {
    private static final long MAX_MS = 3_600_000;

    private Histogram readings = new Histogram(MAX_MS, 3);
    private Histogram batches = new Histogram(MAX_MS, 3);

    /** One batch as the live feed handed it on at {@code nowMs}. */
    synchronized void recordBatch(long nowMs, List<Reading> batch) {
        long newest = 0;
        for (Reading reading : batch) {
            readings.recordValue(clamp(nowMs - reading.ts()));
            newest = Math.max(newest, reading.ts());
        }
        if (!batch.isEmpty()) {
            batches.recordValue(clamp(nowMs - newest));
        }
    }

    /** Starts a new interval, discarding what was recorded so far. */
    synchronized void reset() {
        readings = new Histogram(MAX_MS, 3);
        batches = new Histogram(MAX_MS, 3);
    }

    synchronized Histogram readingsSinceReset() {
        Histogram interval = readings;
        readings = new Histogram(MAX_MS, 3);
        return interval;
    }

    synchronized Histogram batchesSinceReset() {
        Histogram interval = batches;
        batches = new Histogram(MAX_MS, 3);
        return interval;
    }

    private static long clamp(long ms) {
        // Device and console share this machine's clock; a negative value can only be millisecond rounding.
        return Math.min(MAX_MS, Math.max(0, ms));
    }
}
