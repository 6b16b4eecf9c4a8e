package io.fleetdeck.daemon.ota;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Waits on the device's {@link HealthSignals}: for a trial to be healthy (on the broker, a reading acknowledged from
 * every sensor), or briefly for the broker before a restart. The signals come with {@link FirmwareUpdater#start}.
 */
final class HealthWatch {
    private static final long POLL_MS = 100;
    /** How long a restart waits for the broker so its REBOOTING report can be sent. */
    private static final Duration REPORT_GRACE = Duration.ofSeconds(10);

    private volatile HealthSignals signals;

    void attach(HealthSignals attached) {
        signals = Objects.requireNonNull(attached, "health");
    }

    /**
     * Polls until the trial is healthy or {@code timeout} has passed.
     *
     * @return what the trial still lacks, or null when it is healthy
     * @throws InterruptedException when the updater closes meanwhile
     */
    String awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing = missing();
        while (missing != null && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
            missing = missing();
        }
        return missing;
    }

    /**
     * A restart right after a resumed download may come before the device is back on the broker; waiting a little lets
     * the REBOOTING report go out (the session flushes it when it closes). Without a broker the report is simply the
     * one a later report replaces: the job file keeps the state either way.
     */
    void awaitBroker() {
        long deadline = System.nanoTime() + REPORT_GRACE.toNanos();
        try {
            while (!signals.connected() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String missing() {
        HealthSignals current = signals;
        if (!current.connected()) {
            return "not connected to the broker";
        }
        Set<String> acknowledged = current.acknowledgedSensors();
        List<String> silent = current.sensors().stream().filter(id -> !acknowledged.contains(id)).toList();
        return silent.isEmpty() ? null : "no acknowledged reading from sensors " + silent;
    }
}
