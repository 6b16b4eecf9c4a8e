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
}
