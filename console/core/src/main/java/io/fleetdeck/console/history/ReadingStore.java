package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;

import java.util.List;

/**
 * The console's history: devices, their sensors and every reading, in one SQLite file. Appends are queued and
 * committed in batches by a single writer thread, so callers on the MQTT thread never wait for the disk; queries
 * block and must be called off the JavaFX thread.
 */
public interface ReadingStore extends ReadingSource, AutoCloseable {

    /** Queues readings of one device for the writer; returns at once. Never blocks the caller on I/O. */
    default void append(DeviceId device, List<Reading> readings) {
        append(device, readings, () -> {
        });
    }

    /**
     * Queues readings of one device and runs {@code whenCommitted} (on the writer thread, so it must be quick) once they
     * are durable in the file, or known to be there already (duplicates). This is what lets the console acknowledge a
     * QoS 1 message only after its readings are safe.
     */
    void append(DeviceId device, List<Reading> readings, Runnable whenCommitted);

    /**
     * Streams every stored reading of one sensor with {@code fromMs <= ts <= toMs}, oldest first, without holding them
     * all in memory (exports). Blocks; call off the JavaFX thread.
     *
     * @return the number of readings visited
     */
    long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor);

    /** Ids of every sensor with stored readings of {@code device}, announced or not; sorted. */
    List<String> sensors(DeviceId device);

    /** Queues the latest description of a device (and its sensors) for the writer. */
    void recordDevice(DeviceId device, DeviceInfo info, long seenAtMs);

    /**
     * Readings of one sensor with {@code fromMs <= ts <= toMs}, oldest first, at most {@code maxPoints}: when there
     * are more, the range is cut into about {@code maxPoints / 2} columns and each gives its lowest and highest
     * reading (real samples, so a chart keeps the spikes), plus the last reading in range.
     */
    List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints);

    /** Every device ever recorded, with its last known description. */
    List<StoredDevice> devices();

    /** Blocks until everything queued before this call is committed; for tests, benchmarks and shutdown. */
    void flush() throws InterruptedException;

    /** Readings committed so far (counted by the writer, not by a query). */
    long committedReadings();

    /** Flushes and closes the file. */
    @Override
    void close();
}
