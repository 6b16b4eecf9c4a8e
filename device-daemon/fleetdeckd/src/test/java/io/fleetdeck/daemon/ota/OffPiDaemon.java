package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code fleetdeckd run} that the crash and soak tests start as a real process off a Pi: a fixture procfs that says
 * Raspberry Pi 4, no hardware sensors, one simulated sensor, directory slots of 16 MiB.
 */
final class OffPiDaemon {
    private OffPiDaemon() {
    }

    /** Writes {@code dir/proc/cpuinfo} (a Pi 4 with {@code serial}) and an empty {@code dir/sys}; returns procfs. */
    static Path fixtureTree(Path dir, String serial) throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nSerial\t\t: " + serial + "\n"
                + "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        Files.createDirectories(dir.resolve("sys"));
        return proc;
    }

    /** Writes {@code dir/fleetdeckd.properties} for the tree {@link #fixtureTree} made. */
    static Path config(Path dir, String brokerUrl, DeviceId device, Path stateDir, String factoryVersion,
                       Duration healthTimeout) throws IOException {
        return Files.writeString(dir.resolve("fleetdeckd.properties"), String.join("\n",
                "broker.url = " + brokerUrl,
                "device.id = " + device.value(),
                "device.state-dir = " + stateDir,
                "device.firmware-version = " + factoryVersion,
                "paths.procfs = " + dir.resolve("proc"),
                "paths.sysfs = " + dir.resolve("sys"),
                "soc.enabled = false",
                "ds18b20.enabled = false",
                "gpio.platform = mock",
                "gpio.inputs =",
                "gpio.identify-pin =",
                "simulated.enabled = true",
                "simulated.period = 100ms",
                "ota.slot-capacity-mib = 16",
                "ota.health-timeout = " + healthTimeout.toMillis() + "ms",
                ""));
    }
}
