package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Presence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How mDNS sightings merge with MQTT identity, and when they must not. */
class FleetRegistryDiscoveryTest {
    static final KeyFingerprint KEY_A = new KeyFingerprint("SHA256:" + "A".repeat(43));
    static final KeyFingerprint KEY_B = new KeyFingerprint("SHA256:" + "B".repeat(43));
    private static final DeviceId PI = DeviceId.of("pi-1234abcd");

    private final FleetRegistry registry = new FleetRegistry();

    static DeviceAnnouncement announcement(DeviceId id, KeyFingerprint key) {
        return new DeviceAnnouncement(id, "Raspberry Pi 4", "1.0.0", key);
    }

    private void announce(KeyFingerprint key, String host) {
        registry.recordAnnouncement(announcement(PI, key), host, host + ".local.", List.of("198.18.0.11"), "veth0",
                1_000);
    }

    private DeviceSnapshot pi() {
        return registry.device(PI).orElseThrow();
    }

    @Test
    void aDiscoveredDeviceGetsATileBeforeItsMqttBirth() {
        announce(KEY_A, "bench-pi");

        assertThat(pi().presence()).isEqualTo(PresenceState.DISCOVERED);
        assertThat(pi().displayName()).isEqualTo("bench-pi");
        assertThat(pi().discovery()).hasValueSatisfying(d -> assertThat(d.addresses()).containsExactly("198.18.0.11"));
        assertThat(registry.devices()).hasSize(1);
    }

    @Test
    void mergesWithItsMqttIdentityByDeviceId() {
        announce(KEY_A, "bench-pi");
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 2), 2_000);

        assertThat(registry.devices()).singleElement().satisfies(d -> {
            assertThat(d.presence()).isEqualTo(PresenceState.ONLINE);
            assertThat(d.mqttSeen()).isTrue();
            assertThat(d.announcedKey()).contains(KEY_A);
        });
    }

    @Test
    void goodbyeRemovesOnlyADeviceThatIsNotOnlineAndNotAdopted() {
        announce(KEY_A, "bench-pi");
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 2), 2_000);
        registry.recordDeparture(PI, "bench-pi", "veth0", 3_000);
        assertThat(registry.devices()).as("online on MQTT: mDNS does not decide presence").hasSize(1);
        assertThat(pi().discovery()).hasValueSatisfying(d -> assertThat(d.present()).isFalse());

        registry.recordStatus(PI, new DeviceStatus(Presence.OFFLINE, 4), 4_000);
        announce(KEY_A, "bench-pi");
        long before = registry.revision();
        registry.recordDeparture(PI, "bench-pi", "veth0", 5_000);
        assertThat(registry.devices()).isEmpty();
        assertThat(registry.changedSince(before)).singleElement().satisfies(d -> assertThat(d.removed()).isTrue());
    }

    @Test
    void aDeviceSeenOnTwoInterfacesIsGoneOnlyWhenBothLoseIt() {
        registry.recordAnnouncement(announcement(PI, KEY_A), "bench-pi", "bench-pi.local.", List.of("198.18.0.11"),
                "eth0", 1_000);
        registry.recordAnnouncement(announcement(PI, KEY_A), "bench-pi", "bench-pi.local.", List.of("198.18.1.11"),
                "wlan0", 1_000);
        registry.recordDeparture(PI, "bench-pi", "wlan0", 2_000);
        assertThat(registry.devices()).hasSize(1);
        assertThat(pi().discovery()).hasValueSatisfying(d -> assertThat(d.present()).isTrue());

        registry.recordDeparture(PI, "bench-pi", "eth0", 3_000);
        assertThat(registry.devices()).isEmpty();
    }

    @Test
    void adoptedDevicesStayAfterGoodbye() {
        announce(KEY_A, "bench-pi");
        registry.pin(PI, KEY_A);
        registry.recordDeparture(PI, "bench-pi", "veth0", 3_000);
        assertThat(registry.devices()).hasSize(1);
    }

    @Test
    void anotherKeyThanThePinnedOneIsAConflictNotAMerge() {
        announce(KEY_A, "bench-pi");
        registry.pin(PI, KEY_A);
        registry.recordAnnouncement(announcement(PI, KEY_B), "impostor", "impostor.local.", List.of("198.18.0.66"),
                "veth0", 2_000);

        assertThat(pi().keyConflict()).hasValueSatisfying(c -> assertThat(c)
                .contains("key conflict").contains("impostor.local.").contains("198.18.0.66"));
        assertThat(pi().discovery()).hasValueSatisfying(d -> assertThat(d.hostname()).isEqualTo("bench-pi.local."));
        assertThat(pi().announcedKey()).contains(KEY_A);
    }

    @Test
    void theSameIdFromTwoHostsWithDifferentKeysIsAConflict() {
        announce(KEY_A, "bench-pi");
        registry.recordAnnouncement(announcement(PI, KEY_B), "other", "other.local.", List.of("198.18.0.12"),
                "veth0", 2_000);
        assertThat(pi().keyConflict()).hasValueSatisfying(c -> assertThat(c).startsWith("id conflict"));
        assertThat(pi().discovery()).hasValueSatisfying(d -> assertThat(d.hostname()).isEqualTo("bench-pi.local."));
    }

    @Test
    void countsRefusedAnnouncementsWithoutCreatingDevices() {
        registry.recordRefusedAnnouncement("announcement \"x\" refused (invalid value): bad id");
        assertThat(registry.devices()).isEmpty();
        assertThat(registry.totals().refusedAnnouncements()).isEqualTo(1);
        assertThat(registry.totals().lastRefusedAnnouncement()).hasValueSatisfying(r -> assertThat(r).contains("bad id"));
    }
}
