package io.fleetdeck.console.fleet;

import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread-safe {@link DeviceDirectory}: the ingest thread records what arrives, the UI reads snapshots. Each
 * device has its own small monitor, so one busy device never holds up another; the global revision lets the UI skip
 * a pulse in which nothing changed.
 */
public final class FleetRegistry implements DeviceDirectory {
    static final int SPARKLINE_POINTS = 60;

    private final ConcurrentHashMap<DeviceId, DeviceRecord> records = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicLong unattributed = new AtomicLong();

    /** Seeds devices remembered from history, shown as offline until they speak. */
    public void restore(List<StoredDevice> stored) {
        for (StoredDevice device : stored) {
            DeviceRecord record = record(device.id());
            synchronized (record) {
                record.info = device.info();
                record.lastSeenMs = Math.max(record.lastSeenMs, device.lastSeenMs());
                if (record.presence == PresenceState.UNKNOWN) {
                    record.presence = PresenceState.OFFLINE;
                }
                touch(record);
            }
        }
    }

    public void recordInfo(DeviceId id, DeviceInfo info, long nowMs) {
        DeviceRecord record = record(id);
        synchronized (record) {
            record.info = info;
            record.lastSeenMs = nowMs;
            touch(record);
        }
    }

    public void recordStatus(DeviceId id, DeviceStatus status, long nowMs) {
        DeviceRecord record = record(id);
        synchronized (record) {
            record.presence = status.state() == Presence.ONLINE ? PresenceState.ONLINE : PresenceState.OFFLINE;
            if (status.state() == Presence.ONLINE) {
                record.lastSeenMs = nowMs;
            }
            touch(record);
        }
    }

    /** Returns the device's description, if known, so the caller can check sensors without a second lookup. */
    public Optional<DeviceInfo> info(DeviceId id) {
        DeviceRecord record = records.get(id);
        if (record == null) {
            return Optional.empty();
        }
        synchronized (record) {
            return Optional.ofNullable(record.info);
        }
    }

    public void recordReadings(DeviceId id, List<Reading> readings, long nowMs) {
        DeviceRecord record = record(id);
        synchronized (record) {
            String primary = record.primarySensor();
            for (Reading reading : readings) {
                if (primary == null) {
                    primary = reading.sensor();
                }
                if (reading.sensor().equals(primary)) {
                    if (record.lastReading == null || reading.ts() >= record.lastReading.ts()) {
                        record.lastReading = reading;
                    }
                    record.spark[record.sparkNext] = reading.value();
                    record.sparkNext = (record.sparkNext + 1) % SPARKLINE_POINTS;
                    record.sparkCount = Math.min(record.sparkCount + 1, SPARKLINE_POINTS);
                }
            }
            record.readings += readings.size();
            record.lastSeenMs = nowMs;
            touch(record);
        }
    }

    public void recordEvent(DeviceId id, DeviceEvent event, long nowMs) {
        DeviceRecord record = record(id);
        synchronized (record) {
            if (event.level() != EventLevel.INFO) {
                record.lastEvent = event;
            }
            record.lastSeenMs = nowMs;
            touch(record);
        }
    }

    /** Counts {@code count} refused messages or readings against a device, keeping the newest reason. */
    public void recordRejection(DeviceId id, String reason, long count) {
        DeviceRecord record = record(id);
        synchronized (record) {
            record.rejected += count;
            record.lastRejection = reason;
            touch(record);
        }
    }

    /** Counts a refusal that names no valid device (e.g. a topic with a hostile id). */
    public void recordUnattributedRejection() {
        unattributed.incrementAndGet();
        revision.incrementAndGet();
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public List<DeviceSnapshot> devices() {
        return changedSince(-1);
    }

    @Override
    public List<DeviceSnapshot> changedSince(long since) {
        List<DeviceSnapshot> changed = new ArrayList<>();
        for (DeviceRecord record : records.values()) {
            synchronized (record) {
                if (record.revision > since) {
                    changed.add(record.snapshot());
                }
            }
        }
        changed.sort(Comparator.comparing(DeviceSnapshot::id));
        return changed;
    }

    @Override
    public Optional<DeviceSnapshot> device(DeviceId id) {
        DeviceRecord record = records.get(id);
        if (record == null) {
            return Optional.empty();
        }
        synchronized (record) {
            return Optional.of(record.snapshot());
        }
    }

    @Override
    public FleetTotals totals() {
        int devices = 0;
        int online = 0;
        long readings = 0;
        long rejected = 0;
        for (DeviceRecord record : records.values()) {
            synchronized (record) {
                devices++;
                online += record.presence == PresenceState.ONLINE ? 1 : 0;
                readings += record.readings;
                rejected += record.rejected;
            }
        }
        long stray = unattributed.get();
        return new FleetTotals(devices, online, readings, rejected + stray, stray);
    }

    private DeviceRecord record(DeviceId id) {
        return records.computeIfAbsent(id, DeviceRecord::new);
    }

    private void touch(DeviceRecord record) {
        record.revision = revision.incrementAndGet();
    }

    /** Mutable state of one device, guarded by its own monitor. */
    private static final class DeviceRecord {
        final DeviceId id;
        DeviceInfo info;
        PresenceState presence = PresenceState.UNKNOWN;
        long lastSeenMs;
        Reading lastReading;
        final double[] spark = new double[SPARKLINE_POINTS];
        int sparkNext;
        int sparkCount;
        long readings;
        long rejected;
        String lastRejection;
        DeviceEvent lastEvent;
        long revision;

        DeviceRecord(DeviceId id) {
            this.id = id;
        }

        String primarySensor() {
            if (info != null && !info.sensors().isEmpty()) {
                return info.sensors().getFirst().id();
            }
            return lastReading == null ? null : lastReading.sensor();
        }

        DeviceSnapshot snapshot() {
            double[] line = new double[sparkCount];
            int start = (sparkNext - sparkCount + SPARKLINE_POINTS) % SPARKLINE_POINTS;
            for (int i = 0; i < sparkCount; i++) {
                line[i] = spark[(start + i) % SPARKLINE_POINTS];
            }
            return new DeviceSnapshot(id, Optional.ofNullable(info), presence, lastSeenMs,
                    Optional.ofNullable(lastReading), line, readings, rejected, Optional.ofNullable(lastRejection),
                    Optional.ofNullable(lastEvent), revision);
        }
    }

    /** The unit of a sensor, or empty when unknown; a convenience for views formatting a reading. */
    public static String unitOf(Optional<DeviceInfo> info, String sensor) {
        return info.map(i -> i.sensor(sensor)).map(SensorDescriptor::unit).orElse("");
    }
}
