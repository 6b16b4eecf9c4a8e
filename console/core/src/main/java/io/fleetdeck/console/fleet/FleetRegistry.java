package io.fleetdeck.console.fleet;

import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The thread-safe {@link DeviceDirectory}: the ingest thread records what arrives, the UI reads snapshots. Each
 * device has its own small monitor (its {@link DeviceRecord}), so one busy device never holds up another; the global
 * revision lets the UI skip a pulse in which nothing changed.
 *
 * <p>What each kind of message does to a device stays here, one short method per kind, because each edit must run
 * under the device's monitor and bump the revision; the device's fields and its snapshot are
 * {@link DeviceRecord}'s.
 */
public final class FleetRegistry implements DeviceDirectory {
    private final Map<DeviceId, Long> onlineStatusAt = new ConcurrentHashMap<>();
    static final int SPARKLINE_POINTS = 60;

    private final ConcurrentHashMap<DeviceId, DeviceRecord> records = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicLong unattributed = new AtomicLong();
    private final AtomicLong refusedAnnouncements = new AtomicLong();
    private volatile String lastRefusedAnnouncement;
    private final List<InstallListener> installListeners = new CopyOnWriteArrayList<>();

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
                record.mqttSeen = true;
                touch(record);
            }
        }
    }

    public void recordInfo(DeviceId id, DeviceInfo info, long nowMs) {
        heardFrom(id, nowMs, record -> record.info = info);
    }

    public void recordStatus(DeviceId id, DeviceStatus status, long nowMs) {
        if (status.state() == Presence.ONLINE) {
            onlineStatusAt.put(id, nowMs);
        }
        change(id, record -> {
            record.heardOverMqtt();
            record.presence = status.state() == Presence.ONLINE ? PresenceState.ONLINE : PresenceState.OFFLINE;
            // A will is the broker speaking for a device that is gone: it does not count as hearing from it.
            if (status.state() == Presence.ONLINE) {
                record.lastSeenMs = nowMs;
            }
        });
    }

    /** Returns the device's description, if known, so the caller can check sensors without a second lookup. */
    /**
     * When the device last said it is online (console clock), e.g. after it reconnected; 0 when never. Adoption waits
     * on it for a device that reconnects with its new broker password.
     */
    public long onlineStatusAt(DeviceId id) {
        return onlineStatusAt.getOrDefault(id, 0L);
    }

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
        heardFrom(id, nowMs, record -> {
            String primary = record.primarySensor();
            for (Reading reading : readings) {
                if (primary == null) {
                    primary = reading.sensor();
                }
                if (reading.sensor().equals(primary)) {
                    if (record.lastReading == null || reading.ts() >= record.lastReading.ts()) {
                        record.lastReading = reading;
                    }
                    record.addSparkPoint(reading.value());
                }
            }
            record.readings += readings.size();
        });
    }

    public void recordEvent(DeviceId id, DeviceEvent event, long nowMs) {
        heardFrom(id, nowMs, record -> {
            if (event.level() != EventLevel.INFO) {
                record.lastEvent = event;
            }
        });
    }

    /**
     * Keeps the device's latest install report (retained on the broker, so it survives a console restart), then
     * tells the install listeners.
     */
    public void recordInstall(DeviceId id, InstallProgress progress, long nowMs) {
        heardFrom(id, nowMs, record -> record.install = progress);
        for (InstallListener listener : installListeners) {
            listener.installReported(id, progress, nowMs);
        }
    }

    /** Tells {@code listener} of every install report from now on (the rollout service tracks its jobs so). */
    public void addInstallListener(InstallListener listener) {
        installListeners.add(listener);
    }

    public void removeInstallListener(InstallListener listener) {
        installListeners.remove(listener);
    }

    /** Hears install reports on the ingest thread, after the registry kept them; must return quickly. */
    @FunctionalInterface
    public interface InstallListener {
        void installReported(DeviceId device, InstallProgress progress, long nowMs);
    }

    /** Counts {@code count} refused messages or readings against a device, keeping the newest reason. */
    public void recordRejection(DeviceId id, String reason, long count) {
        change(id, record -> {
            record.heardOverMqtt();
            record.rejected += count;
            record.lastRejection = reason;
        });
    }

    /** Restores the keys the operator pinned in earlier runs. */
    public void restorePins(Map<DeviceId, KeyFingerprint> pins) {
        pins.forEach(this::pin);
    }

    /** Trusts {@code key} for the device from now on; a matching announcement clears an earlier conflict. */
    public void pin(DeviceId id, KeyFingerprint key) {
        change(id, record -> {
            record.pinned = key;
            if (record.discovery != null && record.discovery.announcement().fingerprint().equals(key)) {
                record.keyConflict = null;
            }
        });
    }

    /**
     * Merges an mDNS announcement into the device with the same id, unless it contradicts what is trusted: another
     * key than the pinned one, or another host announcing the same id with another key while the first is present.
     * Such an announcement is kept out and the device shows the conflict instead.
     */
    public void recordAnnouncement(DeviceAnnouncement announcement, String instance, String hostname,
                                   List<String> addresses, String via, long nowMs) {
        DeviceRecord record = record(announcement.id());
        synchronized (record) {
            record.removed = false;
            KeyFingerprint key = announcement.fingerprint();
            DeviceDiscovery known = record.discovery;
            if (record.pinned != null && !record.pinned.equals(key)) {
                record.keyConflict = "key conflict: " + describe(hostname, addresses) + " announces key "
                        + key.shortForm() + "…, adopted key is " + record.pinned.shortForm() + "… (not merged)";
            } else if (known != null && known.present() && !known.hostname().equals(hostname)
                    && !known.announcement().fingerprint().equals(key)) {
                record.keyConflict = "id conflict: " + describe(hostname, addresses) + " also announces this id"
                        + " with key " + key.shortForm() + "… (not merged)";
            } else {
                if (known != null && !known.instance().equals(instance)) {
                    record.announcedVia.clear();
                }
                record.announcedVia.add(via);
                record.discovery = new DeviceDiscovery(announcement, instance, hostname, addresses, via,
                        known == null ? nowMs : known.firstSeenMs(), nowMs, true);
                record.keyConflict = null;
                if (record.presence == PresenceState.UNKNOWN && !record.mqttSeen) {
                    record.presence = PresenceState.DISCOVERED;
                }
            }
            touch(record);
        }
    }

    /**
     * An mDNS goodbye or expiry. Presence stays MQTT's business: the device's tile goes away only when it is not
     * online on MQTT and the operator has not adopted it; otherwise it stays, with its last-seen time.
     */
    public void recordDeparture(DeviceId id, String instance, String via, long nowMs) {
        DeviceRecord record = records.get(id);
        if (record == null) {
            return;
        }
        synchronized (record) {
            if (record.discovery == null || !record.discovery.instance().equals(instance)) {
                return;
            }
            // Seen on several interfaces (eth0 and wlan0): gone only when the last of them loses it.
            record.announcedVia.remove(via);
            if (!record.announcedVia.isEmpty()) {
                touch(record);
                return;
            }
            DeviceDiscovery gone = record.discovery;
            record.discovery = new DeviceDiscovery(gone.announcement(), gone.instance(), gone.hostname(),
                    gone.addresses(), gone.via(), gone.firstSeenMs(), gone.lastSeenMs(), false);
            if (record.presence != PresenceState.ONLINE && record.pinned == null) {
                record.removed = true;
            }
            touch(record);
        }
    }

    /** Counts an announcement that could not be trusted as any device's. */
    public void recordRefusedAnnouncement(String reason) {
        refusedAnnouncements.incrementAndGet();
        lastRefusedAnnouncement = reason;
        revision.incrementAndGet();
    }

    private static String describe(String hostname, List<String> addresses) {
        return addresses.isEmpty() ? hostname : hostname + " (" + addresses.getFirst() + ")";
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
        return changedSince(-1).stream().filter(device -> !device.removed()).toList();
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
                if (record.removed) {
                    continue;
                }
                devices++;
                online += record.presence == PresenceState.ONLINE ? 1 : 0;
                readings += record.readings;
                rejected += record.rejected;
            }
        }
        long stray = unattributed.get();
        return new FleetTotals(devices, online, readings, rejected + stray, stray, refusedAnnouncements.get(),
                Optional.ofNullable(lastRefusedAnnouncement));
    }

    /** Applies {@code edit} to the device under its monitor and bumps the revision the UI polls. */
    private void change(DeviceId id, Consumer<DeviceRecord> edit) {
        DeviceRecord record = record(id);
        synchronized (record) {
            edit.accept(record);
            touch(record);
        }
    }

    /** A message from the device itself arrived over MQTT: it counts as seen now. */
    private void heardFrom(DeviceId id, long nowMs, Consumer<DeviceRecord> edit) {
        change(id, record -> {
            record.heardOverMqtt();
            edit.accept(record);
            record.lastSeenMs = nowMs;
        });
    }

    private DeviceRecord record(DeviceId id) {
        return records.computeIfAbsent(id, DeviceRecord::new);
    }

    private void touch(DeviceRecord record) {
        record.revision = revision.incrementAndGet();
    }

    /** The unit of a sensor, or empty when unknown; a convenience for views formatting a reading. */
    public static String unitOf(Optional<DeviceInfo> info, String sensor) {
        return info.map(i -> i.sensor(sensor)).map(SensorDescriptor::unit).orElse("");
    }
}
