package io.fleetdeck.model;

import java.util.Map;
import java.util.Set;

/**
 * {@code cmd/gpio}: drive one pin high or low. Signed by the operator like every firmware command; the device carries
 * it out only on a pin its config declares as an output, and answers with the level read back.
 *
 * @param pin  BCM number
 * @param high the level to drive
 */
public record GpioWrite(int pin, boolean high) {
    private static final Set<String> ARGS = Set.of("pin", "level");

    public GpioWrite {
        GpioPin.requireValid(pin);
    }

    public CommandRequest toRequest() {
        return new CommandRequest(Map.of("pin", Integer.toString(pin), "level", GpioPin.levelName(high)));
    }

    /**
     * Reads a write strictly: exactly {@code pin} (0..53) and {@code level} ({@code high} or {@code low}).
     *
     * @throws MalformedPayloadException when an argument is missing, unknown or invalid
     */
    public static GpioWrite from(CommandRequest request) throws MalformedPayloadException {
        Map<String, String> args = request.args();
        if (!args.keySet().equals(ARGS)) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.MISSING_FIELD, "GpioWrite",
                    "expected exactly the arguments [level, pin], got " + args.keySet().stream().sorted().toList(),
                    null);
        }
        String level = args.get("level");
        if (!level.equals("high") && !level.equals("low")) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "GpioWrite",
                    "level must be high or low, got " + Identifiers.quote(level), null);
        }
        try {
            return new GpioWrite(Integer.parseInt(args.get("pin")), level.equals("high"));
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.INVALID_VALUE, "GpioWrite",
                    "pin must be a BCM number 0.." + GpioPin.MAX_PIN + ", got " + Identifiers.quote(args.get("pin")),
                    e);
        }
    }
}
