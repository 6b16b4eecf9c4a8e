package io.fleetdeck.model;

import java.util.Objects;

/**
 * One GPIO pin a device exposes, with its level when the device last looked.
 *
 * @param pin       BCM number, 0..53
 * @param direction as declared in the daemon's config
 * @param high      the level: true for high
 */
public record GpioPin(int pin, GpioDirection direction, boolean high) {
    /** The highest BCM number of any Pi's GPIO bank. */
    public static final int MAX_PIN = 53;

    public GpioPin {
        Objects.requireNonNull(direction, "direction");
        requireValid(pin);
    }

    /** This pin at another level. */
    public GpioPin withLevel(boolean level) {
        return new GpioPin(pin, direction, level);
    }

    /** {@code "high"} or {@code "low"}, as commands and answers write a level. */
    public static String levelName(boolean high) {
        return high ? "high" : "low";
    }

    static void requireValid(int pin) {
        if (pin < 0 || pin > MAX_PIN) {
            throw new IllegalArgumentException("GPIO pin " + pin + " is not a BCM number 0.." + MAX_PIN);
        }
    }
}
