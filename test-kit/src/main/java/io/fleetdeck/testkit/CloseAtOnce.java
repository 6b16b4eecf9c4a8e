package io.fleetdeck.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closes several simulated hosts at the same time, each in its own order. JmDNS sends its goodbyes a second apart and
 * waits for them (seconds per advertiser and per endpoint), so tests with several mDNS hosts spent most of their time
 * closing them one after another.
 */
public final class CloseAtOnce {
    private CloseAtOnce() {
    }

    /** Runs every closer on its own thread and waits for all; the first failure is thrown, as a close would. */
    public static void close(AutoCloseable... hosts) throws Exception {
        try (ExecutorService closing = Executors.newFixedThreadPool(hosts.length)) {
            List<Future<?>> closed = new ArrayList<>();
            for (AutoCloseable host : hosts) {
                closed.add(closing.submit(() -> {
                    host.close();
                    return null;
                }));
            }
            for (Future<?> host : closed) {
                host.get();
            }
        }
    }
}
