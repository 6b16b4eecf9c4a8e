package io.fleetdeck.bench;

import io.fleetdeck.console.ingest.LiveFeed;
import io.fleetdeck.console.ingest.PendingSamples;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every device's chart open at once, without a window: a live-feed listener per device writes into one
 * {@link PendingSamples} per sensor (what {@code DeviceDetailViewModel} does on the ingest thread) and a 60 Hz task
 * drains them all (standing in for the FX pulse). The listener also feeds the latency recorder, since it runs right
 * after decode and the history append, on the ingest thread.
 */
final class ChartBuffers implements AutoCloseable {
    /** Same bound as a chart's {@code SensorSeries}. */
    private static final int CAPACITY = 200_000;

    private final Map<DeviceId, Map<String, PendingSamples>> byDevice = new ConcurrentHashMap<>();
    private final List<LiveFeed.Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService pulse = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-pulse").daemon().factory());
    private final AtomicLong drained = new AtomicLong();
    private final LatencyRecorder latency;

    ChartBuffers(LiveFeed feed, List<DeviceId> devices, LatencyRecorder latency) {
        this.latency = latency;
        for (DeviceId device : devices) {
            byDevice.put(device, new ConcurrentHashMap<>());
            subscriptions.add(feed.subscribe(device, this::onReadings));
        }
        pulse.scheduleAtFixedRate(this::drainAll, 16, 16, TimeUnit.MILLISECONDS);
    }

    private void onReadings(DeviceId device, List<Reading> readings) {
        long now = System.currentTimeMillis();
        Map<String, PendingSamples> bySensor = byDevice.get(device);
        for (Reading reading : readings) {
            bySensor.computeIfAbsent(reading.sensor(), key -> new PendingSamples(CAPACITY))
                    .add(reading.ts() / 1000.0, reading.value());
        }
        latency.recordBatch(now, readings);
    }

    private void drainAll() {
        for (Map<String, PendingSamples> bySensor : byDevice.values()) {
            for (PendingSamples samples : bySensor.values()) {
                PendingSamples.Drained block = samples.drain();
                if (block != null) {
                    drained.addAndGet(block.xs().length);
                }
            }
        }
    }

    /** Samples the pulse took out of the buffers. */
    long drained() {
        return drained.get();
    }

    /** Samples the buffers discarded because the pulse fell behind. */
    long dropped() {
        return byDevice.values().stream().flatMap(bySensor -> bySensor.values().stream())
                .mapToLong(PendingSamples::dropped).sum();
    }

    @Override
    public void close() {
        subscriptions.forEach(LiveFeed.Subscription::close);
        pulse.shutdownNow();
        drainAll();
    }
}
