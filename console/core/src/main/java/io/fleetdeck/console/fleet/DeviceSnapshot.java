package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Reading;

import java.util.Optional;

/**
 * What the console knows of one device at one moment; immutable, so the UI can read it on its own thread.
 *
 * @param id              the device
 * @param info            its last announced description, empty until the retained {@code info} arrives
 * @param presence        what its MQTT {@code status} last said, or {@code UNKNOWN} before any
 * @param lastSeenMs      epoch ms of the last message of any kind from it, 0 if never
 * @param lastReading     the newest reading of its primary (first announced) sensor
 * @param sparkline       recent values of that sensor, oldest first
 * @param readings        readings accepted since the console started
 * @param rejected        messages or readings refused since the console started
 * @param lastRejection   the reason of the newest refusal, for the tile's warning
 * @param lastEvent       the newest WARN/ERROR event the device reported
 * @param discovery       how it was last seen over mDNS, if at all
 * @param mqttSeen        whether anything arrived from it over MQTT
 * @param pinnedKey       the key the operator pinned by adopting it
 * @param keyConflict     why its latest announcement was not trusted (another key than the pinned one)
 * @param install         its latest firmware install report
 * @param removed         the device is gone from the directory (mDNS goodbye while offline and not adopted)
 * @param revision        the directory revision at which this snapshot was taken
 */
public record DeviceSnapshot(DeviceId id, Optional<DeviceInfo> info, PresenceState presence, long lastSeenMs,
                             Optional<Reading> lastReading, double[] sparkline, long readings, long rejected,
                             Optional<String> lastRejection, Optional<DeviceEvent> lastEvent,
                             Optional<DeviceDiscovery> discovery, boolean mqttSeen, Optional<KeyFingerprint> pinnedKey,
                             Optional<String> keyConflict, Optional<InstallProgress> install, boolean removed,
                             long revision) {

    /** A short name for people: the hostname when known, else the id. */
    public String displayName() {
        return info.map(DeviceInfo::hostname).filter(h -> !h.isBlank())
                .or(() -> discovery.map(DeviceDiscovery::instance))
                .orElse(id.value());
    }

    /** The key the device announces over mDNS, if it does. */
    public Optional<KeyFingerprint> announcedKey() {
        return discovery.map(d -> d.announcement().fingerprint());
    }

    /** Whether the operator has adopted it (pinned its key). */
    public boolean adopted() {
        return pinnedKey.isPresent();
    }
}
