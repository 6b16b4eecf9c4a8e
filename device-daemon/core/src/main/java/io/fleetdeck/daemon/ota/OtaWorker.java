package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one thread a {@link FirmwareUpdater} installs and checks trials on. One thread, so an install and a health check
 * never run side by side; a task handed in after {@link #close} is dropped, since the daemon is on its way out.
 */
final class OtaWorker implements AutoCloseable {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final ExecutorService executor;

    OtaWorker(DeviceId device) {
        this.device = device;
        this.executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("ota-" + device.value()).factory());
    }

    void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("{}: updater closed, task dropped", device);
        }
    }

    /** Interrupts the running task without waiting for it: a restart may be calling from it. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
