package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.SensorReadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against fixture trees in the kernel's w1_therm format. */
class Ds18b20SensorTest {
    @TempDir
    Path sysfs;

    private Path device(String name, String content) throws Exception {
        Path dir = Files.createDirectories(sysfs.resolve("bus/w1/devices").resolve(name));
        Files.writeString(dir.resolve("w1_slave"), content);
        return dir;
    }

    @Test
    void readsMillidegreesWhenCrcIsGood() throws Exception {
        device("28-00000a1b2c3d", """
                5a 01 4b 46 7f ff 0c 10 a1 : crc=a1 YES
                5a 01 4b 46 7f ff 0c 10 a1 t=21562
                """);
        List<Ds18b20Sensor> sensors = Ds18b20Sensor.discover(sysfs, 1000);
        assertThat(sensors).hasSize(1);
        assertThat(sensors.getFirst().descriptor().id()).isEqualTo("ds18b20-00000a1b2c3d");
        assertThat(sensors.getFirst().descriptor().unit()).isEqualTo("°C");
        assertThat(sensors.getFirst().read()).isEqualTo(21.562);
    }

    @Test
    void readsNegativeTemperatures() throws Exception {
        device("28-000000000001", """
                5e ff 4b 46 7f ff 02 10 e1 : crc=e1 YES
                5e ff 4b 46 7f ff 02 10 e1 t=-10125
                """);
        assertThat(Ds18b20Sensor.discover(sysfs, 1000).getFirst().read()).isEqualTo(-10.125);
    }

    @Test
    void refusesAReadingWhoseCrcFailed() throws Exception {
        device("28-00000a1b2c3d", """
                50 05 4b 46 7f ff 0c 10 1c : crc=1c NO
                50 05 4b 46 7f ff 0c 10 1c t=85000
                """);
        Ds18b20Sensor sensor = Ds18b20Sensor.discover(sysfs, 1000).getFirst();
        assertThatThrownBy(sensor::read)
                .isInstanceOf(Ds18b20CrcException.class)
                .hasMessageContaining("ds18b20-00000a1b2c3d")
                .hasMessageContaining("w1_slave")
                .hasMessageContaining("crc=1c NO");
    }

    @Test
    void reportsAnUnpluggedDeviceWithItsPath() throws Exception {
        Path dir = device("28-00000a1b2c3d", "x : crc=00 YES\nx t=1000\n");
        Ds18b20Sensor sensor = Ds18b20Sensor.discover(sysfs, 1000).getFirst();
        Files.delete(dir.resolve("w1_slave"));
        assertThatThrownBy(sensor::read)
                .isInstanceOf(SensorReadException.class)
                .isNotInstanceOf(Ds18b20CrcException.class)
                .hasMessageContaining("device is gone")
                .satisfies(e -> assertThat(((SensorReadException) e).source()).endsWith("w1_slave"));
    }

    @Test
    void discoversEveryThermometerButNotOtherFamilies() throws Exception {
        device("28-0000000000bb", "a : crc=00 YES\na t=1000\n");
        device("28-0000000000aa", "a : crc=00 YES\na t=2000\n");
        Files.createDirectories(sysfs.resolve("bus/w1/devices/w1_bus_master1"));
        Files.createDirectories(sysfs.resolve("bus/w1/devices/10-000000000001"));
        assertThat(Ds18b20Sensor.discover(sysfs, 1000)).extracting(s -> s.descriptor().id())
                .containsExactly("ds18b20-0000000000aa", "ds18b20-0000000000bb");
    }

    @Test
    void findsNothingWithoutA1WireBus() throws Exception {
        assertThat(Ds18b20Sensor.discover(sysfs, 1000)).isEmpty();
    }

    @Test
    void refusesAGarbledSecondLine() throws Exception {
        device("28-00000a1b2c3d", "a : crc=00 YES\nnothing here\n");
        assertThatThrownBy(() -> Ds18b20Sensor.discover(sysfs, 1000).getFirst().read())
                .isInstanceOf(SensorReadException.class).hasMessageContaining("no t=");
    }
}
