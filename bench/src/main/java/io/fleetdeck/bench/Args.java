package io.fleetdeck.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of a benchmark child's command line; the runner is the only caller, so no help text. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name) {
        return Integer.parseInt(text(name));
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? integer(name) : fallback;
    }

    double decimal(String name) {
        return Double.parseDouble(text(name));
    }
}
