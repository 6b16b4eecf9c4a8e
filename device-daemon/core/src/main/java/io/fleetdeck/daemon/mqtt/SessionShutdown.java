package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallProgress;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static io.fleetdeck.daemon.mqtt.Deadlines.remainingMs;
import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Ends a session, within its close timeout: either in order (readings flushed, the install report and {@code offline}
 * published, a DISCONNECT that makes the broker discard the will) or as a crash that says nothing and leaves {@code
 * offline} to the will. Either way it stops the session's threads and releases its tasks and its client.
 */
final class SessionShutdown {
    private static final Logger log = LoggerFactory.getLogger(SessionShutdown.class);

    private final DeviceId device;
    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final ExecutorService tasks;
    private final SessionConnection connection;
    private final TelemetryPublisher telemetry;
    private final RetainedReportPublisher<InstallProgress> installs;
    private final StatusPublisher status;

    SessionShutdown(DeviceId device, MqttSettings settings, MqttAsyncClient client, ExecutorService tasks,
                    SessionConnection connection, TelemetryPublisher telemetry,
                    RetainedReportPublisher<InstallProgress> installs,
                    StatusPublisher status) {
        this.device = Objects.requireNonNull(device, "device");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.installs = Objects.requireNonNull(installs, "installs");
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * Closes in order. The install report gets the whole close timeout; flushing readings, {@code offline} and the
     * DISCONNECT get at most {@code courtesy} of it. If {@code offline} fails, the connection is dropped without
     * DISCONNECT, so the will says it.
     */
    void close(Duration courtesy) {
        long start = System.nanoTime();
        long deadline = start + settings.closeTimeout().toNanos();
        long courtesyDeadline = Math.min(deadline, start + courtesy.toNanos());
        telemetry.drain(courtesyDeadline);
        connection.stop(deadline);
        telemetry.stop(deadline);
        if (client.isConnected()) {
            try {
                // A report of REBOOTING or ROLLED_BACK is often the last thing a device says before it restarts.
                installs.flushAndWait(deadline);
                status.sayOffline(courtesyDeadline);
                // Everything sent is acknowledged (or given up on): no quiesce, only the DISCONNECT (the will is
                // dropped, offline already said).
                client.disconnect(0).waitForCompletion(Math.max(100, remainingMs(courtesyDeadline)));
                log.info("{}: offline, disconnected from {} in {} ms", device, settings.brokerUrl(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (MqttException e) {
                log.warn("{}: could not say offline before disconnecting (the will says it): {}", device,
                        describe(e));
                connection.forceDisconnectQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    /** Cuts the connection without DISCONNECT, like a power cut: the broker publishes the {@code offline} will. */
    void crash() {
        telemetry.abandon();
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        connection.stop(deadline);
        telemetry.stop(deadline);
        connection.sever();
        release();
        log.info("{}: crashed on purpose (no offline message)", device);
    }

    private void release() {
        connection.released();
        tasks.shutdownNow();
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: close: {}", device, e.toString());
        }
    }
}
