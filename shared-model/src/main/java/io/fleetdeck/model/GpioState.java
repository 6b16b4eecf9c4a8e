package io.fleetdeck.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Retained on {@code fleetdeck/v1/<id>/gpio}: every pin the device exposes and its level, published at each connect
 * and whenever a level changes, so a console that subscribes later still sees the bench as it is.
 *
 * @param v    protocol version
 * @param pins in ascending pin order, each pin once; at most 54
 * @param ts   epoch ms when the device read the levels
 */
public record GpioState(int v, List<GpioPin> pins, long ts) {
    public GpioState {
        pins = List.copyOf(Objects.requireNonNull(pins, "pins"));
        Set<Integer> seen = new HashSet<>();
        for (GpioPin pin : pins) {
            if (!seen.add(pin.pin())) {
                throw new IllegalArgumentException("GPIO pin " + pin.pin() + " listed twice");
            }
        }
    }

    public GpioState(List<GpioPin> pins, long ts) {
        this(ProtocolVersion.CURRENT, pins, ts);
    }

    /** The pin with BCM number {@code number}, if the device exposes it. */
    public Optional<GpioPin> pin(int number) {
        return pins.stream().filter(p -> p.pin() == number).findFirst();
    }
}
