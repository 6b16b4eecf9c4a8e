package io.fleetdeck.daemon;

import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.testing.MosquittoBroker;
import io.fleetdeck.daemon.testing.Poll;
import io.fleetdeck.daemon.testing.TestSubscriber;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} end to end: a config file, a fixture sysfs tree, the Pi4J mock, a real mosquitto. */
class DeviceAssemblerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void publishesRealSensorsFromAFixtureTreeAndReportsTheBrokenOne(@TempDir Path root) throws Exception {
        Path sysfs = root.resolve("sys");
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path state = root.resolve("state");
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nSerial\t\t: 10000000cafe0042\n"
                + "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        Path zone = Files.createDirectories(sysfs.resolve("class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "51234\n");
        Path good = Files.createDirectories(sysfs.resolve("bus/w1/devices/28-000000000001"));
        Files.writeString(good.resolve("w1_slave"), "5a 01 : crc=a1 YES\n5a 01 t=21562\n");
        Path bad = Files.createDirectories(sysfs.resolve("bus/w1/devices/28-000000000002"));
        Files.writeString(bad.resolve("w1_slave"), "50 05 : crc=1c NO\n50 05 t=85000\n");

        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(root.resolve("broker"))).start();
             TestSubscriber console = new TestSubscriber(broker.url(), "run-console")) {
            Path config = Files.writeString(root.resolve("fleetdeckd.properties"), String.join("\n",
                    "broker.url = " + broker.url(),
                    "device.state-dir = " + state,
                    "device.firmware-version = 2.1.0",
                    "paths.sysfs = " + sysfs,
                    "paths.procfs = " + proc,
                    "soc.period = 50ms",
                    "ds18b20.enabled = true",
                    "ds18b20.period = 50ms",
                    "gpio.platform = mock",
                    "gpio.inputs = 17",
                    "gpio.period = 50ms",
                    ""));
            DeviceId id = DeviceId.of("pi-cafe0042");
            PayloadCodec codec = new PayloadCodec();
            try (DeviceAssembler.AssembledDevice device =
                         new DeviceAssembler().assemble(new DaemonConfigLoader().load(config))) {
                assertThat(device.agent().device()).isEqualTo(id);
                device.start();

                DeviceInfo info = codec.decodeInfo(Poll.value("info", DEADLINE,
                        () -> console.latest(Topics.info(id))).payload());
                assertThat(info.serial()).isEqualTo("10000000cafe0042");
                assertThat(info.model()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
                assertThat(info.firmwareVersion()).isEqualTo("2.1.0");
                assertThat(info.capabilities()).contains("gpio", "identify");
                assertThat(info.sensors()).extracting(SensorDescriptor::id).containsExactly("soc-temp",
                        "ds18b20-000000000001", "ds18b20-000000000002", "gpio17");

                Poll.until("readings of every working sensor", DEADLINE, () -> sensorsSeen(console, codec, id)
                        .containsAll(List.of("soc-temp", "ds18b20-000000000001", "gpio17")));
                List<Reading> readings = readings(console, codec, id);
                assertThat(readings).filteredOn(r -> r.sensor().equals("soc-temp")).allMatch(r -> r.value() == 51.234);
                assertThat(readings).filteredOn(r -> r.sensor().equals("ds18b20-000000000001"))
                        .allMatch(r -> r.value() == 21.562);
                assertThat(readings).filteredOn(r -> r.sensor().equals("gpio17")).allMatch(r -> r.value() == 0.0);
                assertThat(readings).noneMatch(r -> r.sensor().equals("ds18b20-000000000002"));

                Poll.until("sensor-error event", DEADLINE, () -> !console.on(Topics.events(id)).isEmpty());
                Thread.sleep(300);
                List<TestSubscriber.Received> events = console.on(Topics.events(id));
                assertThat(events).hasSize(1);
                DeviceEvent event = codec.decodeEvent(events.getFirst().payload());
                assertThat(event.level()).isEqualTo(EventLevel.WARN);
                assertThat(event.type()).isEqualTo("sensor-error");
                assertThat(event.message()).contains("ds18b20-000000000002").contains("CRC");
            }
        }
    }

    private static List<Reading> readings(TestSubscriber console, PayloadCodec codec, DeviceId id) {
        List<Reading> all = new ArrayList<>();
        for (TestSubscriber.Received message : console.on(Topics.telemetry(id))) {
            try {
                all.addAll(codec.decodeTelemetry(message.payload()).readings());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return all;
    }

    private static java.util.Set<String> sensorsSeen(TestSubscriber console, PayloadCodec codec, DeviceId id) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        readings(console, codec, id).forEach(r -> seen.add(r.sensor()));
        return seen;
    }
}
