package io.fleetdeck.daemon.sensors;

import io.fleetdeck.model.SensorDescriptor;

/**
 * One thing the daemon samples. Implementations are called from one sampling thread at a time and may block for as
 * long as the hardware needs (a DS18B20 conversion takes ~750 ms), which is why each sensor gets its own thread.
 */
public interface Sensor extends AutoCloseable {
    /** What this sensor announces in {@code info}, including its sampling period. */
    SensorDescriptor descriptor();

    /** Takes one sample in the unit of {@link SensorDescriptor#unit()}; always finite when it returns. */
    double read() throws SensorReadException;

    /** Releases the hardware; the default has nothing to release. */
    @Override
    default void close() {
    }
}
