package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SoC temperature from {@code <sysfs>/class/thermal/thermal_zone0/temp}, which holds millidegrees Celsius. */
public final class SocThermalSensor implements Sensor {
    public static final String ID = "soc-temp";

    private final Path tempFile;
    private final SensorDescriptor descriptor;

    public SocThermalSensor(Path sysfsRoot, long periodMs) {
        this.tempFile = sysfsRoot.resolve("class/thermal/thermal_zone0/temp");
        this.descriptor = new SensorDescriptor(ID, "temperature", "°C", "SoC temperature", periodMs);
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() throws SensorReadException {
        String text;
        try {
            text = Files.readString(tempFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new SensorReadException(ID, tempFile.toString(), "cannot read: " + e, e);
        }
        try {
            return Long.parseLong(text) / 1000.0;
        } catch (NumberFormatException e) {
            throw new SensorReadException(ID, tempFile.toString(),
                    "expected millidegrees as an integer, found \"" + text + "\"", e);
        }
    }
}
