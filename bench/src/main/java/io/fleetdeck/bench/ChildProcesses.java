package io.fleetdeck.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Stopping what the benchmark started: politely first, then for sure, always bounded. Every child is also stopped by
 * a shutdown hook, so Ctrl-C or a failure leaves no broker or load generator behind.
 */
final class ChildProcesses {
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "stop-bench-children"));
    }

    private ChildProcesses() {
    }

    /** Remembers a child for the shutdown hook; returns it. */
    static Process track(Process process) {
        STARTED.add(process);
        return process;
    }

    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
