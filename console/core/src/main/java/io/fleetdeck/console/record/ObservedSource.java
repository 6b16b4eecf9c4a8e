package io.fleetdeck.console.record;

import io.fleetdeck.console.history.ReadingSource;
import io.fleetdeck.console.history.ReadingVisitor;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceId;

import java.util.List;

/**
 * A {@link ReadingSource} whose scans also hand every reading to {@code also}: the record writes a sensor's CSV through
 * the history export and feeds its chart and figures from the same scan, reading the history once.
 */
record ObservedSource(ReadingSource source, ReadingVisitor also) implements ReadingSource {
    @Override
    public long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        return source.scan(device, sensor, fromMs, toMs, (ts, value) -> {
            visitor.visit(ts, value);
            also.visit(ts, value);
        });
    }

    @Override
    public List<String> sensors(DeviceId device) {
        return source.sensors(device);
    }

    @Override
    public List<StoredDevice> devices() {
        return source.devices();
    }
}
