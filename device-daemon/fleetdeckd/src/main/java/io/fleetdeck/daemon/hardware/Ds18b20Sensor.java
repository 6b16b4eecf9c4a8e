package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A DS18B20 1-wire thermometer read through the kernel's {@code w1_therm} driver:
 * {@code <sysfs>/bus/w1/devices/28-XXXXXXXXXXXX/w1_slave}, whose first line ends in {@code YES} when the CRC matched and
 * whose second line carries {@code t=<millidegrees>}.
 */
public final class Ds18b20Sensor implements Sensor {
    /** 1-wire family code of the DS18B20. */
    static final String FAMILY_PREFIX = "28-";

    private final Path w1Slave;
    private final SensorDescriptor descriptor;

    public Ds18b20Sensor(Path w1Slave, SensorDescriptor descriptor) {
        this.w1Slave = Objects.requireNonNull(w1Slave, "w1Slave");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    /** Every DS18B20 the kernel knows about under {@code sysfsRoot}, in serial order; empty when there is no bus. */
    public static List<Ds18b20Sensor> discover(Path sysfsRoot, long periodMs) throws IOException {
        Path devices = sysfsRoot.resolve("bus/w1/devices");
        List<Ds18b20Sensor> found = new ArrayList<>();
        if (!Files.isDirectory(devices)) {
            return found;
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(devices, FAMILY_PREFIX + "*")) {
            stream.forEach(dirs::add);
        }
        dirs.sort(null);
        for (Path dir : dirs) {
            String serial = dir.getFileName().toString().substring(FAMILY_PREFIX.length()).toLowerCase(Locale.ROOT);
            String id = "ds18b20-" + serial;
            found.add(new Ds18b20Sensor(dir.resolve("w1_slave"),
                    new SensorDescriptor(id, "temperature", "°C", "DS18B20 " + serial, periodMs)));
        }
        return found;
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() throws SensorReadException {
        String id = descriptor.id();
        List<String> lines;
        try {
            lines = Files.readAllLines(w1Slave, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new SensorReadException(id, w1Slave.toString(), "device is gone (unplugged or bus reset)", e);
        } catch (IOException e) {
            throw new SensorReadException(id, w1Slave.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (lines.size() < 2) {
            throw new SensorReadException(id, w1Slave.toString(), "expected 2 lines, found " + lines.size());
        }
        String crcLine = lines.get(0).strip();
        if (!crcLine.endsWith("YES")) {
            throw new Ds18b20CrcException(id, w1Slave.toString(), crcLine);
        }
        String dataLine = lines.get(1);
        int at = dataLine.lastIndexOf("t=");
        if (at < 0) {
            throw new SensorReadException(id, w1Slave.toString(), "no t= on the second line: " + dataLine.strip());
        }
        try {
            return Integer.parseInt(dataLine.substring(at + 2).strip()) / 1000.0;
        } catch (NumberFormatException e) {
            throw new SensorReadException(id, w1Slave.toString(), "t= is not a number: " + dataLine.strip(), e);
        }
    }

    @Override
    public String toString() {
        return descriptor.id() + " at " + w1Slave;
    }
}
