package io.fleetdeck.daemon.sensors;

/**
 * A sensor could not produce a sample. Carries the sensor id and the hardware source (a sysfs path, an I²C bus and
 * address, a GPIO pin) so the log line and the {@code sensor-error} event tell a technician where to look.
 */
public class SensorReadException extends Exception {
    private final String sensorId;
    private final String source;

    public SensorReadException(String sensorId, String source, String detail, Throwable cause) {
        super(sensorId + " (" + source + "): " + detail, cause);
        this.sensorId = sensorId;
        this.source = source;
    }

    public SensorReadException(String sensorId, String source, String detail) {
        this(sensorId, source, detail, null);
    }

    public String sensorId() {
        return sensorId;
    }

    /** Where the value should have come from, e.g. {@code /sys/bus/w1/devices/28-0000/w1_slave}. */
    public String source() {
        return source;
    }
}
