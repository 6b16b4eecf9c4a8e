package io.fleetdeck.daemon.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import io.fleetdeck.daemon.sensors.Identifier;

import java.time.Duration;
import java.util.Objects;

/**
 * Blinks a GPIO output (an LED on the enclosure) so a technician can find the board an operator pointed at. Runs the
 * blink on its own virtual thread; a second request while blinking is ignored rather than queued.
 */
public final class GpioIdentifier implements Identifier {
    private final DigitalOutput output;
    private final int blinks;
    private final Duration halfPeriod;
    private volatile Thread blinking;

    public GpioIdentifier(DigitalOutput output, int blinks, Duration halfPeriod) {
        this.output = Objects.requireNonNull(output, "output");
        this.blinks = blinks;
        this.halfPeriod = Objects.requireNonNull(halfPeriod, "halfPeriod");
    }

    public static GpioIdentifier open(Context pi4j, int pin) {
        DigitalOutput output = pi4j.create(DigitalOutputConfigBuilder.newInstance(pi4j)
                .id("identify-gpio" + pin)
                .address(pin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build());
        return new GpioIdentifier(output, 10, Duration.ofMillis(250));
    }

    @Override
    public synchronized String identify() {
        if (blinking != null && blinking.isAlive()) {
            return "already blinking GPIO " + output.address();
        }
        blinking = Thread.ofVirtual().name("identify-blink").start(this::blink);
        return "blinking GPIO " + output.address() + " " + blinks + " times";
    }

    private void blink() {
        try {
            for (int i = 0; i < blinks; i++) {
                output.high();
                Thread.sleep(halfPeriod);
                output.low();
                Thread.sleep(halfPeriod);
            }
        } catch (InterruptedException e) {
            output.low();
            Thread.currentThread().interrupt();
        }
    }
}
