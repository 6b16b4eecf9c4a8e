package io.fleetdeck.daemon;

import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.ota.DirectorySlots;
import io.fleetdeck.daemon.ota.ProcessRestart;
import io.fleetdeck.daemon.ota.Rebooter;
import io.fleetdeck.daemon.ota.SlotState;
import io.fleetdeck.daemon.ota.SlotStore;
import io.fleetdeck.daemon.ota.SlotVersions;
import io.fleetdeck.daemon.tryboot.TrybootCard;
import io.fleetdeck.daemon.tryboot.TrybootRebooter;
import io.fleetdeck.daemon.tryboot.TrybootSlots;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
                // telemetry.encoding is auto by default, and a configured broker gets JSON.
                assertThat(console.on(Topics.telemetry(id))).allSatisfy(m -> assertThat(m.contentType())
                        .isEqualTo(TelemetryEncoding.JSON.contentType()));

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

    @Test
    void publishesCompactBatchesWhenTheConfigSaysSo(@TempDir Path root) throws Exception {
        Path sysfs = root.resolve("sys");
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nSerial\t\t: 10000000cafe0043\n");
        Files.writeString(Files.createDirectories(sysfs.resolve("class/thermal/thermal_zone0")).resolve("temp"),
                "51234\n");
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(root.resolve("broker"))).start();
             TestSubscriber console = new TestSubscriber(broker.url(), "run-console")) {
            Path config = Files.writeString(root.resolve("fleetdeckd.properties"), String.join("\n",
                    "broker.url = " + broker.url(),
                    "device.state-dir = " + root.resolve("state"),
                    "paths.sysfs = " + sysfs,
                    "paths.procfs = " + proc,
                    "soc.period = 50ms",
                    "telemetry.encoding = compact",
                    ""));
            DeviceId id = DeviceId.of("pi-cafe0043");
            PayloadCodec codec = new PayloadCodec();
            try (DeviceAssembler.AssembledDevice device =
                         new DeviceAssembler().assemble(new DaemonConfigLoader().load(config))) {
                device.start();
                Poll.until("compact batches", DEADLINE, () -> console.on(Topics.telemetry(id)).size() >= 2);
                for (TestSubscriber.Received message : console.on(Topics.telemetry(id))) {
                    assertThat(TelemetryEncoding.of(message.payload())).isEqualTo(TelemetryEncoding.COMPACT);
                    assertThat(message.contentType()).isEqualTo("application/vnd.fleetdeck.telemetry");
                    assertThat(codec.decodeTelemetry(message.payload()).readings())
                            .allSatisfy(r -> assertThat(r.value()).isEqualTo(51.234));
                }
                assertThat(device.agent().telemetryEncoding()).isEqualTo(TelemetryEncoding.COMPACT);
            }
        }
    }

    @Test
    void usesDirectorySlotsAndAProcessRestartUnlessTheConfigSaysTryboot(@TempDir Path root) throws Exception {
        Path config = Files.writeString(root.resolve("fleetdeckd.properties"), "device.state-dir = " + root
                + "/state\nota.slot-capacity-mib = 3\n");
        DaemonConfig loaded = new DaemonConfigLoader().load(config);

        SlotStore slots = DeviceAssembler.slotStore(loaded);
        assertThat(slots).isInstanceOf(DirectorySlots.class);
        assertThat(slots.capacity(Slot.B)).isEqualTo(3L << 20);
        assertThat(DeviceAssembler.rebooter(loaded)).isInstanceOf(ProcessRestart.class);
    }

    @Test
    void usesTheCardsTrybootSlotsAndRebootsWithTrybootWhenConfigured(@TempDir Path root) throws Exception {
        TrybootCard card = new TrybootCard(root.resolve("card"));
        Path rebootLog = root.resolve("reboot.log");
        DaemonConfig loaded = new DaemonConfigLoader().load(trybootConfig(root, card, fakeReboot(root, rebootLog),
                null));

        SlotStore slots = DeviceAssembler.slotStore(loaded);
        assertThat(slots).isInstanceOf(TrybootSlots.class);
        assertThat(slots.state()).isEqualTo(SlotState.factory());
        assertThat(slots.capacity(Slot.B)).isEqualTo(TrybootCard.BOOT_BYTES + TrybootCard.ROOT_BYTES);
        assertThat(slots.inactive()).isEqualTo(Slot.B);

        Rebooter rebooter = DeviceAssembler.rebooter(loaded);
        assertThat(rebooter).isInstanceOf(TrybootRebooter.class);
        rebooter.reboot(true, "a marked slot waits");
        rebooter.reboot(false, "back to the committed slot");
        assertThat(Files.readAllLines(rebootLog)).containsExactly("0 tryboot", "");
    }

    @Test
    void aTrybootDaemonRestartedBetweenARollbackAndItsRebootRebootsIntoTheCommittedSlot(@TempDir Path root)
            throws Exception {
        TrybootCard card = new TrybootCard(root.resolve("card"));
        TrybootSlots store = card.slots();
        try (FileChannel slot = store.openForWrite(Slot.B)) {
            ByteBuffer image = ByteBuffer.wrap(TrybootCard.slotImage(7));
            while (image.hasRemaining()) {
                // A slot channel writes one partition per call: the boot part, then the root part.
                slot.write(image, image.position());
            }
            slot.force(true);
        }
        new SlotVersions(card.stateDir).record(Slot.B, "2.0.0");
        store.markTrying(Slot.B);
        card.powerOn(true);
        Path rebootLog = root.resolve("reboot.log");
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(root.resolve("broker"))).start();
             TestSubscriber console = new TestSubscriber(broker.url(), "tryboot-console")) {
            DaemonConfig loaded = new DaemonConfigLoader().load(trybootConfig(root, card,
                    fakeReboot(root, rebootLog), broker.url()));
            DeviceAssembler assembler = new DeviceAssembler();

            // The trial boot: the daemon runs slot B's version on trial.
            DeviceAssembler.DeviceDescription trial = assembler.describe(loaded);
            trial.updater().close();
            assertThat(trial.firmware().version()).isEqualTo("2.0.0");
            assertThat(trial.updater().running().boot().trying()).isTrue();
            // Its health check failed and rolled back; the daemon died before it could run reboot.
            card.slots().rollback("HEALTH_CHECK_FAILED: no acknowledged reading within 60000 ms");

            // Restarted by systemd in the same boot: B still runs, and the daemon finishes the job of the dead one.
            DeviceId id = DeviceId.of("pi-tryboot-1");
            try (DeviceAssembler.AssembledDevice device = assembler.assemble(loaded)) {
                device.start();
                Poll.until("a plain reboot", DEADLINE, () -> Files.exists(rebootLog));
                DeviceInfo info = new PayloadCodec().decodeInfo(Poll.value("info", DEADLINE,
                        () -> console.latest(Topics.info(id))).payload());
                assertThat(info.firmwareVersion()).isEqualTo("1.0.0");
                assertThat(info.activeSlot()).isEqualTo(io.fleetdeck.model.Slot.A);
            }
        }
        assertThat(Files.readAllLines(rebootLog)).containsExactly("");
        assertThat(card.autobootText()).contains("[tryboot]\nboot_partition=2");
    }

    /** A {@code reboot} on a PATH of its own that only writes down its arguments, one line per call. */
    private static Path fakeReboot(Path root, Path log) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path reboot = Files.writeString(bin.resolve("reboot"), "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(reboot, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static Path trybootConfig(Path root, TrybootCard card, Path rebootPath, String brokerUrl)
            throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nSerial\t\t: 10000000cafe0043\n"
                + "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        return Files.writeString(root.resolve("fleetdeckd.properties"), String.join("\n",
                brokerUrl == null ? "" : "broker.url = " + brokerUrl,
                "device.id = pi-tryboot-1",
                "device.state-dir = " + card.stateDir,
                "device.firmware-version = 1.0.0",
                "paths.procfs = " + proc,
                "paths.sysfs = " + Files.createDirectories(root.resolve("sys")),
                "soc.enabled = false",
                "simulated.enabled = true",
                "simulated.period = 100ms",
                "gpio.platform = mock",
                "ota.slots = tryboot",
                "ota.tryboot.disk = " + card.dev.resolve("mmcblk0"),
                "ota.tryboot.bootsel-mount = " + card.bootsel,
                "ota.tryboot.device-tree = " + card.deviceTree,
                "ota.tryboot.boot-id = " + card.bootId,
                "ota.tryboot.reboot-path = " + rebootPath,
                ""));
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
