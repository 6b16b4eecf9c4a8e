package io.fleetdeck.daemon.gpio;

import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pins a device exposes, as its config declares them ({@code gpio.inputs}, {@code gpio.outputs}). Only a declared
 * output may ever be driven: this is the interlock, and it lives here, on the device, whatever a console asks.
 *
 * @param inputs  BCM pins read only
 * @param outputs BCM pins the operator may drive
 */
public record GpioLayout(List<Integer> inputs, List<Integer> outputs) {
    public static final GpioLayout NONE = new GpioLayout(List.of(), List.of());

    public GpioLayout {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
        Set<Integer> seen = new HashSet<>();
        for (int pin : inputs) {
            requirePin(pin);
            if (!seen.add(pin)) {
                throw new IllegalArgumentException("GPIO " + pin + " is listed twice");
            }
        }
        for (int pin : outputs) {
            requirePin(pin);
            if (!seen.add(pin)) {
                throw new IllegalArgumentException("GPIO " + pin + " is declared both an input and an output, or "
                        + "listed twice");
            }
        }
    }

    /** How {@code pin} is declared; empty for a pin this device does not expose. */
    public Optional<GpioDirection> direction(int pin) {
        if (outputs.contains(pin)) {
            return Optional.of(GpioDirection.OUTPUT);
        }
        return inputs.contains(pin) ? Optional.of(GpioDirection.INPUT) : Optional.empty();
    }

    /** Every exposed pin in ascending order. */
    public List<Integer> pins() {
        List<Integer> all = new ArrayList<>(inputs);
        all.addAll(outputs);
        all.sort(null);
        return all;
    }

    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty();
    }

    private static void requirePin(int pin) {
        if (pin < 0 || pin > GpioPin.MAX_PIN) {
            throw new IllegalArgumentException("GPIO " + pin + " is not a BCM number 0.." + GpioPin.MAX_PIN);
        }
    }
}
