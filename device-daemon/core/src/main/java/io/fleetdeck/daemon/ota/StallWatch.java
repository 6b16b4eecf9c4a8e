package io.fleetdeck.daemon.ota;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drops image downloads that stopped delivering. The JDK client has no read timeout of its own, so without this a
 * half-open connection would block the download thread forever; one timer thread serves every download of an
 * {@link ImageInstaller}.
 */
final class StallWatch implements AutoCloseable {
    /** Under the installer's name, as the daemon's log has always shown the whole install. */
    private static final Logger log = LoggerFactory.getLogger(ImageInstaller.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ota-stall-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Aborts {@code download} when a whole {@code timeout} passes without a byte; ends with the download. */
    void watch(ImageDownload download, Duration timeout) {
        long period = timeout.toMillis();
        long[] seen = {-1};
        ScheduledFuture<?>[] check = new ScheduledFuture<?>[1];
        check[0] = timer.scheduleAtFixedRate(() -> {
            long received = download.received();
            if (!download.isOpen()) {
                check[0].cancel(false);
            } else if (received == seen[0]) {
                log.warn("No image bytes for {} ms after {} bytes; dropping the connection", period, received);
                download.abortStalled();
                check[0].cancel(false);
            }
            seen[0] = received;
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer; a download still running is no longer watched. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
