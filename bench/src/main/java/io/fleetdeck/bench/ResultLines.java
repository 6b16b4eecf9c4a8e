package io.fleetdeck.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The result channel of a benchmark child JVM: lines {@code @ key value} on stdout, read by {@link ChildJvm}. Logs go
 * to stderr, so the two never mix.
 */
final class ResultLines {
    private static final PrintStream OUT = System.out;

    private ResultLines() {
    }

    static synchronized void put(String key, Object value) {
        OUT.println("@ " + key + " " + value);
        OUT.flush();
    }

    static void put(String key, long value) {
        put(key, (Object) value);
    }

    static void put(String key, double value) {
        put(key, (Object) String.format(Locale.ROOT, "%.3f", value));
    }
}
