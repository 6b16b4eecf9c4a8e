package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.SensorReadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocThermalSensorTest {
    @TempDir
    Path sysfs;

    @Test
    void readsMillidegreesFromThermalZone0() throws Exception {
        Path zone = Files.createDirectories(sysfs.resolve("class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "48312\n");
        SocThermalSensor sensor = new SocThermalSensor(sysfs, 5000);
        assertThat(sensor.read()).isEqualTo(48.312);
        assertThat(sensor.descriptor().id()).isEqualTo("soc-temp");
        assertThat(sensor.descriptor().periodMs()).isEqualTo(5000);
    }

    @Test
    void namesThePathWhenTheZoneIsMissing() {
        SocThermalSensor sensor = new SocThermalSensor(sysfs, 5000);
        assertThatThrownBy(sensor::read).isInstanceOf(SensorReadException.class)
                .hasMessageContaining("thermal_zone0/temp");
    }

    @Test
    void refusesNonNumericContent() throws Exception {
        Path zone = Files.createDirectories(sysfs.resolve("class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "hot\n");
        assertThatThrownBy(new SocThermalSensor(sysfs, 5000)::read).hasMessageContaining("\"hot\"");
    }
}
