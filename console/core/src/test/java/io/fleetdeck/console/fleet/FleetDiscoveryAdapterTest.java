package io.fleetdeck.console.fleet;

import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.console.discovery.DeviceBrowser;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.fleetdeck.console.fleet.FleetRegistryDiscoveryTest.KEY_A;
import static io.fleetdeck.console.fleet.FleetRegistryDiscoveryTest.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

/** Real announcements on loopback only, through the console's browser and this adapter into the registry. */
class FleetDiscoveryAdapterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final DeviceId id = DeviceId.of("pi-" + tag);
    private final FleetRegistry registry = new FleetRegistry();

    private static Advertisement announce(ServiceAdvertiser host, String instance, DeviceAnnouncement device) {
        return host.advertise(DeviceAnnouncement.SERVICE_TYPE, instance, 0, device.toTxt());
    }

    private DeviceAnnouncement device(String firmware, KeyFingerprint key) {
        return new DeviceAnnouncement(id, "Raspberry Pi 4", firmware, key);
    }

    private DeviceSnapshot snapshot() {
        return registry.device(id).orElseThrow();
    }

    /**
     * Issue #9: another host announces an adopted device's id with another key. The console shows a key conflict,
     * keeps the pin and the original's address, and the original's next announcement still merges.
     */
    @Test
    void anotherKeyForAnAdoptedDeviceIsShownAsAConflictAndChangesNothing() {
        try (MdnsEndpoints consoleSide = MdnsEndpoints.open(List.of("lo"), "fd-console-" + tag, Duration.ofSeconds(3));
             MdnsEndpoints deviceSide = MdnsEndpoints.open(List.of("lo"), "fd-pi-" + tag, Duration.ofSeconds(3));
             MdnsEndpoints impostorSide = MdnsEndpoints.open(List.of("lo"), "fd-impostor-" + tag,
                     Duration.ofSeconds(3));
             DeviceBrowser browser = new DeviceBrowser(consoleSide, Duration.ofSeconds(2),
                     new FleetDiscoveryAdapter(registry, Clock.systemUTC()));
             ServiceAdvertiser original = new ServiceAdvertiser(deviceSide);
             ServiceAdvertiser impostor = new ServiceAdvertiser(impostorSide)) {
            Advertisement announced = announce(original, "bench-pi-" + tag, device("1.0.0", KEY_A));
            Poll.until("the device is discovered", DEADLINE, () -> registry.device(id).isPresent());
            registry.pin(id, KEY_A); // what a successful adoption does

            announce(impostor, "impostor-" + tag, device("9.9.9", KEY_B));
            Poll.until("the conflict is shown", DEADLINE, () -> snapshot().keyConflict().isPresent());

            assertThat(snapshot().keyConflict().get()).startsWith("key conflict")
                    .contains("fd-impostor-" + tag + ".local.").contains(KEY_B.shortForm())
                    .contains(KEY_A.shortForm());
            assertThat(snapshot().pinnedKey()).contains(KEY_A);
            assertThat(snapshot().announcedKey()).contains(KEY_A);
            assertThat(snapshot().discovery()).hasValueSatisfying(d -> {
                assertThat(d.hostname()).isEqualTo("fd-pi-" + tag + ".local.");
                assertThat(d.announcement().firmwareVersion()).isEqualTo("1.0.0");
            });

            original.update(announced, device("1.1.0", KEY_A).toTxt());
            Poll.until("the original's new firmware merges", DEADLINE, () -> snapshot().discovery()
                    .filter(d -> d.announcement().firmwareVersion().equals("1.1.0")).isPresent());
            assertThat(snapshot().keyConflict()).as("the pinned key announced again clears the conflict").isEmpty();
            assertThat(snapshot().pinnedKey()).contains(KEY_A);
        }
    }
}
