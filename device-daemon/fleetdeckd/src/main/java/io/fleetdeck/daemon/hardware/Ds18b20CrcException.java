package io.fleetdeck.daemon.hardware;

import io.fleetdeck.daemon.sensors.SensorReadException;

/**
 * The kernel's w1_therm driver read a DS18B20 scratchpad whose CRC did not match (first line ends in {@code NO}):
 * a bad wire or a missing pull-up, not a temperature. Kept apart from other read failures so it can be counted.
 */
public final class Ds18b20CrcException extends SensorReadException {
    public Ds18b20CrcException(String sensorId, String source, String firstLine) {
        super(sensorId, source, "CRC check failed, expected the first line to end in YES: " + firstLine.strip());
    }
}
