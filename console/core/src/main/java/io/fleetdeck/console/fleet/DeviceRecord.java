package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Reading;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Mutable state of one device in the {@link FleetRegistry}, guarded by its own monitor: the registry holds it while
 * it edits the fields or takes a {@link #snapshot()}. The recent values of the primary sensor are kept in a fixed ring
 * of {@link FleetRegistry#SPARKLINE_POINTS}, so a busy device costs no allocation per reading.
 */
final class DeviceRecord {
    final DeviceId id;
    DeviceInfo info;
    PresenceState presence = PresenceState.UNKNOWN;
    long lastSeenMs;
    Reading lastReading;
    private final double[] spark = new double[FleetRegistry.SPARKLINE_POINTS];
    private int sparkNext;
    private int sparkCount;
    long readings;
    long rejected;
    String lastRejection;
    DeviceEvent lastEvent;
    InstallProgress install;
    DeviceDiscovery discovery;
    final Set<String> announcedVia = new HashSet<>();
    boolean mqttSeen;
    KeyFingerprint pinned;
    String keyConflict;
    boolean removed;
    long revision;

    DeviceRecord(DeviceId id) {
        this.id = id;
    }

    void heardOverMqtt() {
        mqttSeen = true;
        removed = false;
        if (presence == PresenceState.DISCOVERED) {
            presence = PresenceState.UNKNOWN;
        }
    }

    String primarySensor() {
        if (info != null && !info.sensors().isEmpty()) {
            return info.sensors().getFirst().id();
        }
        return lastReading == null ? null : lastReading.sensor();
    }

    /** Adds a value of the primary sensor to the sparkline, dropping the oldest when it is full. */
    void addSparkPoint(double value) {
        spark[sparkNext] = value;
        sparkNext = (sparkNext + 1) % FleetRegistry.SPARKLINE_POINTS;
        sparkCount = Math.min(sparkCount + 1, FleetRegistry.SPARKLINE_POINTS);
    }

    DeviceSnapshot snapshot() {
        double[] line = new double[sparkCount];
        int start = (sparkNext - sparkCount + FleetRegistry.SPARKLINE_POINTS) % FleetRegistry.SPARKLINE_POINTS;
        for (int i = 0; i < sparkCount; i++) {
            line[i] = spark[(start + i) % FleetRegistry.SPARKLINE_POINTS];
        }
        return new DeviceSnapshot(id, Optional.ofNullable(info), presence, lastSeenMs,
                Optional.ofNullable(lastReading), line, readings, rejected, Optional.ofNullable(lastRejection),
                Optional.ofNullable(lastEvent), Optional.ofNullable(discovery), mqttSeen,
                Optional.ofNullable(pinned), Optional.ofNullable(keyConflict), Optional.ofNullable(install),
                removed, revision);
    }
}
