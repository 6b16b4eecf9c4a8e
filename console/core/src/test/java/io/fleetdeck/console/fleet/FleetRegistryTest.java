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
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetRegistryTest {
    private static final DeviceId PI = DeviceId.of("pi-0001");
    private final FleetRegistry registry = new FleetRegistry();

    static DeviceInfo info(String firmware) {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "", "bench-pi", firmware, Slot.A,
                List.of(new SensorDescriptor("soc", "temperature", "°C", "SoC temperature", 1000),
                        new SensorDescriptor("hum", "humidity", "%", "Humidity", 1000)),
                List.of(), 1);
    }

    @Test
    void reportsOnlyDevicesChangedSinceARevision() {
        registry.recordInfo(PI, info("1.0"), 10);
        registry.recordInfo(DeviceId.of("pi-0002"), info("1.0"), 10);
        long seen = registry.revision();
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 11), 11);

        assertThat(registry.changedSince(seen)).extracting(DeviceSnapshot::id).containsExactly(PI);
        assertThat(registry.changedSince(registry.revision())).isEmpty();
        assertThat(registry.devices()).hasSize(2);
    }

    @Test
    void keepsLatestReadingAndSparklineOfThePrimarySensor() {
        registry.recordInfo(PI, info("1.0"), 1);
        List<Reading> readings = new ArrayList<>();
        for (int i = 1; i <= FleetRegistry.SPARKLINE_POINTS + 10; i++) {
            readings.add(new Reading("soc", i, i));
            readings.add(new Reading("hum", i, 50));
        }
        registry.recordReadings(PI, readings, 100);

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.lastReading()).contains(new Reading("soc", 70, 70));
        assertThat(snapshot.sparkline()).hasSize(FleetRegistry.SPARKLINE_POINTS);
        assertThat(snapshot.sparkline()[0]).isEqualTo(11);
        assertThat(snapshot.sparkline()[FleetRegistry.SPARKLINE_POINTS - 1]).isEqualTo(70);
        assertThat(snapshot.readings()).isEqualTo(140);
        assertThat(snapshot.lastSeenMs()).isEqualTo(100);
    }

    @Test
    void tracksPresenceFromStatus() {
        registry.recordStatus(PI, new DeviceStatus(Presence.ONLINE, 1), 5);
        assertThat(registry.device(PI).orElseThrow().presence()).isEqualTo(PresenceState.ONLINE);
        registry.recordStatus(PI, new DeviceStatus(Presence.OFFLINE, 1), 9);
        DeviceSnapshot offline = registry.device(PI).orElseThrow();
        assertThat(offline.presence()).isEqualTo(PresenceState.OFFLINE);
        assertThat(offline.lastSeenMs()).as("a will does not count as hearing from the device").isEqualTo(5);
        assertThat(registry.totals().online()).isZero();
    }

    @Test
    void restoresRememberedDevicesAsOffline() {
        registry.restore(List.of(new StoredDevice(PI, info("0.9"), 1234)));
        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.presence()).isEqualTo(PresenceState.OFFLINE);
        assertThat(snapshot.lastSeenMs()).isEqualTo(1234);
        assertThat(snapshot.displayName()).isEqualTo("bench-pi");
    }

    @Test
    void countsRejectionsPerDeviceAndUnattributedOnes() {
        registry.recordRejection(PI, "TelemetryBatch payload rejected (not json): x", 1);
        registry.recordRejection(PI, "3 reading(s) of unannounced sensor \"zz\" dropped", 3);
        registry.recordUnattributedRejection();

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.rejected()).isEqualTo(4);
        assertThat(snapshot.lastRejection()).hasValueSatisfying(r -> assertThat(r).contains("unannounced"));
        assertThat(registry.totals().rejected()).isEqualTo(5);
        assertThat(registry.totals().unattributed()).isEqualTo(1);
    }

    @Test
    void keepsOnlyWarningsAndErrorsAsTheLastEvent() {
        registry.recordEvent(PI, new DeviceEvent(1, EventLevel.WARN, "sensor-error", "DS18B20 CRC"), 1);
        registry.recordEvent(PI, new DeviceEvent(2, EventLevel.INFO, "started", "hello"), 2);
        assertThat(registry.device(PI).orElseThrow().lastEvent()).hasValueSatisfying(
                e -> assertThat(e.type()).isEqualTo("sensor-error"));
    }
}
