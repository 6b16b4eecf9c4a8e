package io.fleetdeck.model;

import java.util.Map;
import java.util.Objects;

/**
 * A device's answer to a {@link CommandRequest}.
 *
 * @param v       protocol version
 * @param ok      whether the command was carried out
 * @param message what happened, for people; the reason when {@code ok} is false
 * @param data    command-specific results
 */
public record CommandResponse(int v, boolean ok, String message, Map<String, String> data) {
    public CommandResponse {
        Objects.requireNonNull(message, "message");
        Payloads.requireLength("message", message, 1024);
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }

    public static CommandResponse ok(String message, Map<String, String> data) {
        return new CommandResponse(ProtocolVersion.CURRENT, true, message, data);
    }

    public static CommandResponse failed(String reason) {
        return new CommandResponse(ProtocolVersion.CURRENT, false, reason, Map.of());
    }

    /**
     * A refusal with machine-readable context, e.g. {@link Commands#REASON} = an {@link InstallFailure} code. A reason
     * longer than the 1024 characters a message may hold is cut, ending in an ellipsis.
     */
    public static CommandResponse failed(String reason, Map<String, String> data) {
        String message = reason.length() <= 1024 ? reason : reason.substring(0, 1023) + "…";
        return new CommandResponse(ProtocolVersion.CURRENT, false, message, data);
    }

    /** A refusal of a firmware command: the code in {@code data.reason}, the text in the message. */
    public static CommandResponse refused(InstallFailure failure, String detail) {
        return failed(failure.describe(detail), Map.of(Commands.REASON, failure.name()));
    }
}
