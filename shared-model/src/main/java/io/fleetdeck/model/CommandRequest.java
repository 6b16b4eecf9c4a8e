package io.fleetdeck.model;

import java.util.Map;
import java.util.Objects;

/**
 * Body of a request on {@code fleetdeck/v1/<id>/cmd/<name>}. The reply goes to the MQTT v5 response topic with the
 * request's correlation data; the command name is in the topic.
 *
 * @param v    protocol version
 * @param args string arguments, at most 32
 */
public record CommandRequest(int v, Map<String, String> args) {
    public CommandRequest {
        args = Map.copyOf(Objects.requireNonNull(args, "args"));
        if (args.size() > 32) {
            throw new IllegalArgumentException("more than 32 arguments");
        }
    }

    public CommandRequest(Map<String, String> args) {
        this(ProtocolVersion.CURRENT, args);
    }
}
