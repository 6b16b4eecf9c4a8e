package io.fleetdeck.simulator;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.model.SensorDescriptor;

import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * A simulated sensor following {@code mean + amplitude·sin(2π·t/wave + phase)} plus Gaussian noise, driven by the wall
 * clock so every device's chart moves in real time and devices with different phases are told apart at a glance.
 */
public final class SineSensor implements Sensor {
    private final SensorDescriptor descriptor;
    private final double mean;
    private final double amplitude;
    private final double waveMs;
    private final double phase;
    private final double noise;
    private final Random random;
    private final LongSupplier clock;

    public SineSensor(SensorDescriptor descriptor, double mean, double amplitude, long waveMs, double phase,
                      double noise, Random random, LongSupplier clock) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.mean = mean;
        this.amplitude = amplitude;
        this.waveMs = waveMs;
        this.phase = phase;
        this.noise = noise;
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() {
        double angle = 2 * Math.PI * (clock.getAsLong() % (long) waveMs) / waveMs + phase;
        return mean + amplitude * Math.sin(angle) + noise * random.nextGaussian();
    }
}
