package io.fleetdeck.model;

/**
 * One sample of one sensor.
 *
 * @param sensor sensor id as announced in {@link DeviceInfo#sensors()}
 * @param ts     epoch milliseconds when it was sampled, on the device's clock
 * @param value  the measured value in the sensor's unit; always finite
 */
public record Reading(String sensor, long ts, double value) {
    public Reading {
        Identifiers.requireSensorId(sensor);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of " + sensor + " is not finite: " + value);
        }
        if (ts <= 0) {
            throw new IllegalArgumentException("timestamp of " + sensor + " is not positive: " + ts);
        }
    }
}
