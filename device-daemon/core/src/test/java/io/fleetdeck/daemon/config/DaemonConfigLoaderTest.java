package io.fleetdeck.daemon.config;

import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonConfigLoaderTest {
    /** The sample shipped in assets/, so it cannot drift from what the loader accepts. */
    static final Path EXAMPLE = Path.of("..", "..", "assets", "fleetdeckd.example.properties");

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedExample() throws Exception {
        DaemonConfig config = new DaemonConfigLoader().load(EXAMPLE);
        assertThat(config.brokerUrl()).contains("tcp://fleet-console.local:1883");
        assertThat(config.mdnsInterfaces()).containsExactly("all");
        assertThat(config.console()).isEmpty();
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.deviceId()).isEmpty();
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/fleetdeckd"));
        assertThat(config.gpio().inputs()).containsExactly(17, 27);
        assertThat(config.gpio().outputs()).containsExactly(23, 24);
        assertThat(config.gpio().identifyPin()).contains(22);
        assertThat(config.bme280().address()).isEqualTo(0x76);
        assertThat(config.ds18b20().enabled()).isTrue();
        assertThat(config.ds18b20().period()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void appliesDefaultsToAMinimalFile() throws Exception {
        Path file = Files.writeString(dir.resolve("min.properties"), "broker.url = tcp://127.0.0.1:1883\n");
        DaemonConfig config = new DaemonConfigLoader().load(file);
        assertThat(config.soc().enabled()).isTrue();
        assertThat(config.gpio().inputs()).isEmpty();
        assertThat(config.gpio().outputs()).isEmpty();
        assertThat(config.ota().maxInstallTime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.sysfsRoot()).isEqualTo(Path.of("/sys"));
    }

    @Test
    void telemetryEncodingIsAutoUnlessChosen() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.properties"), "broker.url = tcp://127.0.0.1:1883\n");
        assertThat(new DaemonConfigLoader().load(plain).telemetryEncoding()).isEqualTo(TelemetryEncodingChoice.AUTO);
        assertThat(new DaemonConfigLoader().load(EXAMPLE).telemetryEncoding()).isEqualTo(TelemetryEncodingChoice.AUTO);
        Path compact = Files.writeString(dir.resolve("compact.properties"), "telemetry.encoding = compact\n");
        assertThat(new DaemonConfigLoader().load(compact).telemetryEncoding())
                .isEqualTo(TelemetryEncodingChoice.COMPACT);
        Path json = Files.writeString(dir.resolve("json.properties"), "telemetry.encoding = json\n");
        assertThat(new DaemonConfigLoader().load(json).telemetryEncoding()).isEqualTo(TelemetryEncodingChoice.JSON);
        Path bad = Files.writeString(dir.resolve("bad.properties"), "telemetry.encoding = cbor\n");
        assertThatThrownBy(() -> new DaemonConfigLoader().load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("telemetry.encoding").hasMessageContaining("cbor");
    }

    @Test
    void readsDefaultTagsLowerCasedAndWithoutRepeats() throws Exception {
        Path file = Files.writeString(dir.resolve("tags.properties"),
                "device.tags = Lab, floor-2,,lab , site:berlin\n");
        assertThat(new DaemonConfigLoader().load(file).tags()).containsExactly("lab", "floor-2", "site:berlin");
        Path none = Files.writeString(dir.resolve("none.properties"), "");
        assertThat(new DaemonConfigLoader().load(none).tags()).isEmpty();
        Path bad = Files.writeString(dir.resolve("bad.properties"), "device.tags = lab, two words\n");
        assertThatThrownBy(() -> new DaemonConfigLoader().load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("device.tags").hasMessageContaining("two words");
    }

    @Test
    void readsTheInstallTimeLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("slow.properties"), "ota.max-install-time = 5h\n");
        assertThat(new DaemonConfigLoader().load(file).ota().maxInstallTime()).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void refusesUnknownKeysNamingThem() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.properties"),
                "broker.url = tcp://127.0.0.1:1883\nsoc.enabeld = true\n");
        assertThatThrownBy(() -> new DaemonConfigLoader().load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("soc.enabeld").hasMessageContaining("unknown key");
    }

    @Test
    void refusesBadValuesNamingKeyAndValue() throws Exception {
        for (String line : List.of("soc.period = soon", "bme280.address = 0x99", "gpio.inputs = 17,x",
                "gpio.platform = real", "ds18b20.enabled = maybe", "ota.slots = partitions")) {
            Path file = Files.writeString(dir.resolve("bad.properties"), "broker.url = tcp://h:1\n" + line + "\n");
            String key = line.substring(0, line.indexOf(' '));
            assertThatThrownBy(() -> new DaemonConfigLoader().load(file)).as(line)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(key);
        }
    }

    @Test
    void refusesAnOutputThatIsAlsoAnInputOrTheIdentifyLed() throws Exception {
        for (String lines : List.of("gpio.inputs = 17\ngpio.outputs = 17", "gpio.identify-pin = 22\ngpio.outputs = 22",
                "gpio.outputs = 23,23")) {
            Path file = Files.writeString(dir.resolve("overlap.properties"), "broker.url = tcp://h:1\n" + lines + "\n");
            assertThatThrownBy(() -> new DaemonConfigLoader().load(file)).as(lines)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("gpio.outputs")
                    .hasMessageContaining("one job");
        }
    }

    @Test
    void offAPiTheSlotsAreFilesInTheStateDirUnlessTrybootIsChosen() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.properties"), "broker.url = tcp://h:1\n");
        assertThat(new DaemonConfigLoader().load(plain).ota().slots()).isEqualTo(DaemonConfig.SlotKind.DIRECTORY);

        Path pi = Files.writeString(dir.resolve("pi.properties"), String.join("\n",
                "ota.slots = tryboot",
                "ota.tryboot.disk = /dev/nvme0n1",
                "ota.tryboot.bootsel-mount = /boot/firmware-select",
                ""));
        DaemonConfig.Ota ota = new DaemonConfigLoader().load(pi).ota();
        assertThat(ota.slots()).isEqualTo(DaemonConfig.SlotKind.TRYBOOT);
        assertThat(ota.tryboot()).isEqualTo(new DaemonConfig.Tryboot(Path.of("/dev/nvme0n1"),
                Path.of("/boot/firmware-select"), Path.of("/proc/device-tree"),
                Path.of("/proc/sys/kernel/random/boot_id"), java.util.Optional.empty()));
    }

    @Test
    void withoutABrokerUrlTheConsoleIsFoundOverMdns() throws Exception {
        Path none = Files.writeString(dir.resolve("none.properties"),
                "mdns.interfaces = eth0, wlan0\nmdns.console = lab-console\n");
        DaemonConfig config = new DaemonConfigLoader().load(none);
        assertThat(config.brokerUrl()).isEmpty();
        assertThat(config.mdnsInterfaces()).containsExactly("eth0", "wlan0");
        assertThat(config.console()).contains("lab-console");
    }

    @Test
    void refusesABrokerUrlOfTheWrongShape() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "broker.url = mqtt.local\n");
        assertThatThrownBy(() -> new DaemonConfigLoader().load(bad)).hasMessageContaining("tcp://HOST:PORT");
    }

    @Test
    void anSslBrokerComesWithTheConsolesCaFile() throws Exception {
        Path file = Files.writeString(dir.resolve("tls.properties"),
                "broker.url = ssl://192.0.2.20:8883\nbroker.ca-file = /etc/fleetdeckd/console-ca.pem\n");

        DaemonConfig config = new DaemonConfigLoader().load(file);

        assertThat(config.brokerUrl()).contains("ssl://192.0.2.20:8883");
        assertThat(config.brokerCaFile()).contains(Path.of("/etc/fleetdeckd/console-ca.pem"));
    }

    @Test
    void refusesAnSslBrokerWithoutACaFileRatherThanTrustingPublicCas() throws Exception {
        Path file = Files.writeString(dir.resolve("tls.properties"), "broker.url = ssl://192.0.2.20:8883\n");

        assertThatThrownBy(() -> new DaemonConfigLoader().load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker.ca-file");
    }

    @Test
    void firmwareStateFileOverridesTheConfiguredVersion() throws Exception {
        assertThat(FirmwareState.load(dir, Optional.of("1.0.0"))).isEqualTo(new FirmwareState("1.0.0", Slot.A));
        Files.writeString(dir.resolve(FirmwareState.FILE), "version=1.2.0\nslot=B\n");
        assertThat(FirmwareState.load(dir, Optional.of("1.0.0"))).isEqualTo(new FirmwareState("1.2.0", Slot.B));
    }
}
