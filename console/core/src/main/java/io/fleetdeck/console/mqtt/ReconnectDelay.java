package io.fleetdeck.console.mqtt;

/** How long the console's MQTT connections wait before trying a broker again: 0.5 s, doubling, at most 15 s. */
final class ReconnectDelay {
    private static final long FIRST_MS = 500;
    private static final long MAX_MS = 15_000;

    private ReconnectDelay() {
    }

    /** The wait in milliseconds after {@code failures} failed attempts in a row (0 for the first retry). */
    static long afterFailures(int failures) {
        return Math.min(MAX_MS, FIRST_MS << Math.min(Math.max(failures, 0), 5));
    }
}
