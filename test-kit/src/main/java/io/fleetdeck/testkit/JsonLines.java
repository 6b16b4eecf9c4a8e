package io.fleetdeck.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/** Reads the JSON lines probes print, skipping the log lines around them. */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    /** The line as a JSON object, or empty when it is not one (a log line, say). */
    public static Optional<JsonNode> parse(String line) {
        if (line == null || !line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
