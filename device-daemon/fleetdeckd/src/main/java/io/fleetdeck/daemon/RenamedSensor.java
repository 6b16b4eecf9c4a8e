package io.fleetdeck.daemon;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

/** A sensor announced under another id, so demo sensors on a real device cannot collide with real ones. */
final class RenamedSensor implements Sensor {
    private final Sensor delegate;
    private final SensorDescriptor descriptor;

    RenamedSensor(Sensor delegate, String id) {
        this.delegate = delegate;
        SensorDescriptor d = delegate.descriptor();
        this.descriptor = new SensorDescriptor(id, d.kind(), d.unit(), "Simulated " + d.label(), d.periodMs());
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() throws SensorReadException {
        return delegate.read();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
