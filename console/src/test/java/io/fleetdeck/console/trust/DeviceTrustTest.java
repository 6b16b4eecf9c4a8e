package io.fleetdeck.console.trust;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Adoption against a real history file: the pin survives a restart of the console. */
class DeviceTrustTest {
    private static final DeviceId PI = DeviceId.of("pi-1234abcd");
    private static final KeyFingerprint KEY = new KeyFingerprint("SHA256:" + "k".repeat(43));

    @Test
    void pinsTheAnnouncedKeyAndRemembersItAcrossRestarts(@TempDir Path dir) {
        HistorySettings settings = HistorySettings.defaults(dir);
        try (SqliteReadingStore store = SqliteReadingStore.open(settings);
             PinnedKeyStore pins = PinnedKeyStore.open(settings.file())) {
            FleetRegistry registry = new FleetRegistry();
            registry.recordAnnouncement(new DeviceAnnouncement(PI, "Raspberry Pi 4", "1.0", KEY), "bench-pi",
                    "bench-pi.local.", List.of("198.18.0.11"), "veth0", 1);
            DeviceTrust trust = new DeviceTrust(registry, pins, Runnable::run, Clock.systemUTC());

            assertThat(trust.adopt(PI).join()).isEqualTo(KEY);
            assertThat(registry.device(PI).orElseThrow().pinnedKey()).contains(KEY);
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(settings);
             PinnedKeyStore pins = PinnedKeyStore.open(settings.file())) {
            FleetRegistry registry = new FleetRegistry();
            new DeviceTrust(registry, pins, Runnable::run, Clock.systemUTC()).restore();
            assertThat(registry.device(PI).orElseThrow().pinnedKey()).contains(KEY);
        }
    }

    @Test
    void refusesToAdoptADeviceThatAnnouncesNoKey(@TempDir Path dir) {
        HistorySettings settings = HistorySettings.defaults(dir);
        try (SqliteReadingStore store = SqliteReadingStore.open(settings);
             PinnedKeyStore pins = PinnedKeyStore.open(settings.file())) {
            FleetRegistry registry = new FleetRegistry();
            registry.recordReadings(PI, List.of(new io.fleetdeck.model.Reading("t", 1, 1)), 1);
            DeviceTrust trust = new DeviceTrust(registry, pins, Runnable::run, Clock.systemUTC());

            assertThatThrownBy(() -> trust.adopt(PI).join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(AdoptionException.class)
                    .hasMessageContaining("not announcing its key");
            assertThat(pins.all()).isEmpty();
        }
    }
}
