package io.fleetdeck.daemon.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks the main thread until SIGTERM/SIGINT, then runs the clean-up on the shutdown hook and lets the JVM exit only
 * once that clean-up (publishing {@code offline}, disconnecting) has finished.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    /** Registers {@code cleanup} to run on SIGTERM/Ctrl-C. */
    public StopSignal(Runnable cleanup) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                cleanup.run();
            } finally {
                cleanedUp.countDown();
            }
        }, "fleetdeckd-shutdown"));
    }

    public void await() throws InterruptedException {
        stopped.await();
        cleanedUp.await();
    }
}
