package io.fleetdeck.simulator;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.model.SensorDescriptor;

import java.util.Objects;
import java.util.Random;

/**
 * A simulated sensor that wanders by Gaussian steps and is pulled gently back towards its start, reflecting at the
 * bounds, the way room humidity or barometric pressure drift. Not thread-safe: one sampler thread reads it.
 */
public final class RandomWalkSensor implements Sensor {
    private final SensorDescriptor descriptor;
    private final double centre;
    private final double step;
    private final double min;
    private final double max;
    private final Random random;
    private double value;

    public RandomWalkSensor(SensorDescriptor descriptor, double start, double step, double min, double max,
                            Random random) {
        if (!(min < max) || start < min || start > max) {
            throw new IllegalArgumentException("need min <= start <= max, got " + min + ", " + start + ", " + max);
        }
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.centre = start;
        this.value = start;
        this.step = step;
        this.min = min;
        this.max = max;
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() {
        // A 1 % pull to the centre keeps long runs from sitting on a bound, which would look like a stuck sensor.
        value += step * random.nextGaussian() + (centre - value) * 0.01;
        if (value < min) {
            value = min + (min - value);
        } else if (value > max) {
            value = max - (value - max);
        }
        value = Math.max(min, Math.min(max, value));
        return value;
    }
}
