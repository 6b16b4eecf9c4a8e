package io.fleetdeck.model;

/**
 * Why a device refused {@code cmd/gpio}: the code travels as {@code data.reason} of the {@link CommandResponse}, the
 * text in its message, so the console can show both and act on the code.
 */
public enum GpioRefusal {
    /** The interlock: the pin is exposed, but the daemon's config does not declare it an output. */
    NOT_AN_OUTPUT,
    /** The device exposes no such pin. */
    UNKNOWN_PIN,
    /** The pin could not be driven or read back. */
    HARDWARE_ERROR,
    /** The command's arguments are missing or invalid. */
    BAD_REQUEST,
    /** No operator signature ({@link MessageSignature} user properties). */
    UNSIGNED,
    /** Signed by a key the device does not trust. */
    UNKNOWN_KEY,
    /** The signature does not cover this command. */
    BAD_SIGNATURE,
    /** The signature is past its {@code fd-exp}. */
    EXPIRED,
    /** The nonce was seen before: a copy of a command already carried out or refused. */
    REPLAYED;

    /** The refusal as an answer: the code in {@code data.reason}, the pin in {@code data.pin} when known. */
    public CommandResponse answer(String detail, int pin) {
        String text = name() + ": " + detail;
        return pin < 0 ? CommandResponse.failed(text, java.util.Map.of(Commands.REASON, name()))
                : CommandResponse.failed(text, java.util.Map.of(Commands.REASON, name(), "pin",
                Integer.toString(pin)));
    }

    /** The code a signature check's failure maps to; {@code STALE} does not apply to GPIO and reads as replayed. */
    public static GpioRefusal of(MessageVerificationException.Reason reason) {
        return switch (reason) {
            case UNSIGNED -> UNSIGNED;
            case UNKNOWN_KEY -> UNKNOWN_KEY;
            case BAD_SIGNATURE -> BAD_SIGNATURE;
            case EXPIRED -> EXPIRED;
            case REPLAYED, STALE -> REPLAYED;
        };
    }
}
