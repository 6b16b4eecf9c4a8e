package io.fleetdeck.daemon.mqtt;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shutdown steps share one deadline ({@link System#nanoTime()} based) from the close timeout; these spend what is left
 * of it, so a slow step leaves less for the next one instead of stretching the whole close.
 */
final class Deadlines {
    private Deadlines() {
    }

    static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    static void joinQuietly(Thread thread, long deadline) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Duration.ofMillis(Math.max(1, remainingMs(deadline))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void interruptAndJoin(Thread thread, long deadline) {
        if (thread != null) {
            thread.interrupt();
            joinQuietly(thread, deadline);
        }
    }
}
