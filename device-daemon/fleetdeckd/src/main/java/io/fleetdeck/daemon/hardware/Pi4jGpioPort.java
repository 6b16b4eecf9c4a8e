package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.fleetdeck.daemon.gpio.GpioHardwareException;
import io.fleetdeck.daemon.gpio.GpioLayout;
import io.fleetdeck.daemon.gpio.GpioPort;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The bench's pins through Pi4J: the configured inputs (the same {@code DigitalInput}s the {@code gpio<N>} sensors
 * read, when those are provisioned first) and the declared outputs, driven low at start and at shutdown. Only pins of
 * the layout exist here; the interlock itself is {@code GpioBench}'s.
 */
public final class Pi4jGpioPort implements GpioPort {
    private final Map<Integer, DigitalInput> inputs;
    private final Map<Integer, DigitalOutput> outputs;
    private volatile IntConsumer listener = pin -> { };

    Pi4jGpioPort(Map<Integer, DigitalInput> inputs, Map<Integer, DigitalOutput> outputs) {
        this.inputs = Map.copyOf(inputs);
        this.outputs = Map.copyOf(outputs);
        this.inputs.forEach((pin, input) -> input.addListener(event -> listener.accept(pin)));
    }

    /** Provisions the layout's pins on {@code pi4j}; an input already provisioned as sensor {@code gpio<N>} is shared. */
    public static Pi4jGpioPort open(Context pi4j, GpioLayout layout, PullResistance pull) {
        Objects.requireNonNull(pi4j, "pi4j");
        Map<Integer, DigitalInput> inputs = new HashMap<>();
        for (int pin : layout.inputs()) {
            String id = GpioInputSensor.inputId(pin);
            inputs.put(pin, pi4j.registry().exists(id) ? pi4j.registry().get(id, DigitalInput.class)
                    : pi4j.create(DigitalInputConfigBuilder.newInstance(pi4j).id(id).address(pin).pull(pull).build()));
        }
        Map<Integer, DigitalOutput> outputs = new HashMap<>();
        for (int pin : layout.outputs()) {
            outputs.put(pin, pi4j.create(DigitalOutputConfigBuilder.newInstance(pi4j)
                    .id("gpio-out" + pin)
                    .address(pin)
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW)
                    .build()));
        }
        return new Pi4jGpioPort(inputs, outputs);
    }

    @Override
    public boolean read(int pin) throws GpioHardwareException {
        Digital<?, ?, ?> digital = outputs.containsKey(pin) ? outputs.get(pin) : inputs.get(pin);
        if (digital == null) {
            throw new GpioHardwareException(pin, "not provisioned", null);
        }
        DigitalState state;
        try {
            state = digital.state();
        } catch (RuntimeException e) {
            throw new GpioHardwareException(pin, "cannot read: " + e.getMessage(), e);
        }
        return switch (state) {
            case HIGH -> true;
            case LOW -> false;
            case UNKNOWN -> throw new GpioHardwareException(pin, "state unknown", null);
        };
    }

    @Override
    public void write(int pin, boolean high) throws GpioHardwareException {
        DigitalOutput output = outputs.get(pin);
        if (output == null) {
            throw new GpioHardwareException(pin, "not provisioned as an output", null);
        }
        try {
            output.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new GpioHardwareException(pin, "cannot drive: " + e.getMessage(), e);
        }
    }

    @Override
    public void onInputChange(IntConsumer listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }
}
