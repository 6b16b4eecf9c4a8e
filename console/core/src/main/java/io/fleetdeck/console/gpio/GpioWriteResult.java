package io.fleetdeck.console.gpio;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioPin;

import java.util.Objects;

/**
 * How one write to a pin ended, as the console saw it.
 *
 * @param device    the device asked
 * @param pin       BCM number
 * @param high      the level asked for
 * @param carriedOut whether the device drove the pin and read that level back
 * @param reason    empty when carried out; else the device's {@code GpioRefusal} code, or {@code NO_ANSWER} /
 *                  {@code NOT_SENT} when the console never heard back
 * @param message   what the device (or the console) said
 */
public record GpioWriteResult(DeviceId device, int pin, boolean high, boolean carriedOut, String reason,
                              String message) {
    /** No answer came in time. */
    public static final String NO_ANSWER = "NO_ANSWER";
    /** The command could not be sent (the console's broker session is down). */
    public static final String NOT_SENT = "NOT_SENT";

    public GpioWriteResult {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** One line for the audit log and the bench's status: {@code GPIO 17 → high: …}. */
    public String describe() {
        return "GPIO " + pin + " → " + GpioPin.levelName(high) + ": " + (carriedOut ? "done (" + message + ")"
                : "refused: " + message);
    }
}
