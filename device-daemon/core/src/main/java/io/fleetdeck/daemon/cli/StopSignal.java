package io.fleetdeck.daemon.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Blocks the main thread until SIGTERM/SIGINT, then runs the clean-up on the shutdown hook and lets the JVM exit only
 * once that clean-up (publishing {@code offline}, disconnecting) has finished.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final AtomicBoolean cleanupStarted = new AtomicBoolean();
    private final Runnable cleanup;

    /** Registers {@code cleanup} to run on SIGTERM/Ctrl-C. */
    public StopSignal(Runnable cleanup) {
        this.cleanup = cleanup;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "fleetdeckd-shutdown"));
    }

    public void await() throws InterruptedException {
        stopped.await();
        cleanedUp.await();
    }

    /**
     * As {@link #await()}, but stops by itself after {@code limit} when no signal came first. A run that ends on its
     * own, not on a signal, lets the JVM write a class-data archive ({@code -XX:ArchiveClassesAtExit}) with no
     * thread still starting up: a SIGTERM during start-up can crash the JVM's archive dump.
     */
    public void awaitAtMost(Duration limit) throws InterruptedException {
        if (!stopped.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            stop();
        }
        cleanedUp.await();
    }

    private void stop() {
        stopped.countDown();
        if (!cleanupStarted.compareAndSet(false, true)) {
            awaitCleanupOnShutdown();
            return;
        }
        try {
            cleanup.run();
        } finally {
            cleanedUp.countDown();
        }
    }

    /** A signal during a clean-up already under way must not let the JVM exit before it ends. */
    private void awaitCleanupOnShutdown() {
        boolean interrupted = false;
        while (true) {
            try {
                cleanedUp.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
