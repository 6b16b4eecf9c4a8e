package io.fleetdeck.model;

import java.util.Objects;

/**
 * One sensor as the device announces it in {@code info}.
 *
 * @param id       unique on the device, repeated in every {@link Reading}
 * @param kind     what it measures, e.g. {@code temperature}, {@code humidity}, {@code gpio}
 * @param unit     the unit of its values as shown to people, e.g. {@code °C}, {@code %}, {@code hPa}; empty for none
 * @param label    a human name, e.g. {@code SoC temperature}
 * @param periodMs how often it is sampled
 */
public record SensorDescriptor(String id, String kind, String unit, String label, long periodMs) {
    public SensorDescriptor {
        Identifiers.requireSensorId(id);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(label, "label");
        Payloads.requireLength("kind", kind, 32);
        Payloads.requireLength("unit", unit, 16);
        Payloads.requireLength("label", label, 64);
        if (periodMs < 10 || periodMs > 86_400_000L) {
            throw new IllegalArgumentException("periodMs " + periodMs + " outside 10..86400000");
        }
    }
}
