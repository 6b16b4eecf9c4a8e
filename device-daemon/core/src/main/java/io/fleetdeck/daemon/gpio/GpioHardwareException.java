package io.fleetdeck.daemon.gpio;

/** A pin could not be driven or read: the driver refused, the line is busy, or the level did not follow. */
public final class GpioHardwareException extends Exception {
    private final int pin;

    public GpioHardwareException(int pin, String detail, Throwable cause) {
        super("GPIO " + pin + ": " + detail, cause);
        this.pin = pin;
    }

    public int pin() {
        return pin;
    }
}
