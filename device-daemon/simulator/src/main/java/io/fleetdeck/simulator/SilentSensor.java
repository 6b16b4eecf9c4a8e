package io.fleetdeck.simulator;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

/**
 * A sensor of a device running simulated firmware built as unhealthy ({@code health=fail}): announced as usual, but
 * every read fails, so no reading reaches the broker and the trial's health check fails as it would for a broken
 * driver in a real image.
 */
public record SilentSensor(Sensor sensor) implements Sensor {
    @Override
    public SensorDescriptor descriptor() {
        return sensor.descriptor();
    }

    @Override
    public double read() throws SensorReadException {
        throw new SensorReadException(sensor.descriptor().id(), "simulated firmware",
                "this firmware image is built unhealthy (health=fail): no readings");
    }

    @Override
    public void close() {
        sensor.close();
    }
}
