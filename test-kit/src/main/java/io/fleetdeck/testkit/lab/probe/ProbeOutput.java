package io.fleetdeck.testkit.lab.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/**
 * How probes report: one JSON object per stdout line, stamped {@code "t"} with epoch ms, so the test (in another
 * namespace, but on the same clock) can tell when something happened, not only when it read about it.
 */
public final class ProbeOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProbeOutput() {
    }

    /** Prints {@code {"t":<now>, …fields}} and flushes at once: the reader waits on it. */
    public static void print(Consumer<ObjectNode> fields) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("t", System.currentTimeMillis());
        fields.accept(line);
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
