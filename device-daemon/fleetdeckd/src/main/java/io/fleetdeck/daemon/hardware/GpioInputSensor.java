package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.model.SensorDescriptor;

import java.util.Objects;

/** A GPIO digital input sampled as 0 (low) or 1 (high); BCM pin numbering as on the Pi's header diagrams. */
public final class GpioInputSensor implements Sensor {
    private final DigitalInput input;
    private final int pin;
    private final SensorDescriptor descriptor;

    public GpioInputSensor(DigitalInput input, int pin, long periodMs) {
        this.input = Objects.requireNonNull(input, "input");
        this.pin = pin;
        this.descriptor = new SensorDescriptor("gpio" + pin, "gpio", "", "GPIO " + pin, periodMs);
    }

    /** Provisions BCM {@code pin} as an input with the given pull on the context's digital-input provider. */
    public static GpioInputSensor open(Context pi4j, int pin, PullResistance pull, long periodMs) {
        DigitalInput input = pi4j.create(DigitalInputConfigBuilder.newInstance(pi4j)
                .id(inputId(pin))
                .address(pin)
                .pull(pull)
                .build());
        return new GpioInputSensor(input, pin, periodMs);
    }

    /** The Pi4J id of BCM {@code pin}'s input, which the GPIO bench shares with this sensor. */
    static String inputId(int pin) {
        return "gpio" + pin;
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public double read() throws SensorReadException {
        DigitalState state;
        try {
            state = input.state();
        } catch (RuntimeException e) {
            throw new SensorReadException(descriptor.id(), "BCM " + pin, "cannot read input: " + e.getMessage(), e);
        }
        return switch (state) {
            case HIGH -> 1.0;
            case LOW -> 0.0;
            case UNKNOWN -> throw new SensorReadException(descriptor.id(), "BCM " + pin, "state unknown");
        };
    }
}
