package io.fleetdeck.console.record;

import io.fleetdeck.model.DeviceId;

import java.util.Objects;

/** One sensor of one device, as a session record names it: {@code telemetry/<device>/<sensor>.csv}. */
public record SensorRef(DeviceId device, String sensor) {
    public SensorRef {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(sensor, "sensor");
    }

    /** {@code device-sensor}: the name of its chart in the record. */
    String slug() {
        return device.value() + "-" + sensor;
    }
}
