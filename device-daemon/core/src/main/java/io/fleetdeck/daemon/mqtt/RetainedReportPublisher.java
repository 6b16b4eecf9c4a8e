package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static io.fleetdeck.daemon.mqtt.Deadlines.remainingMs;
import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Publishes the device's latest report of one kind, retained, on its topic: the install report on {@code install},
 * the pins' levels on {@code gpio}. Only the latest counts: while
 * disconnected it waits, and after each connect it goes out again. The report is shared with the sessions before and
 * after this one (a move to another broker keeps it); what this session sent, and the token of that publish, are its
 * own. The shared report is also the lock over both. Each report is signed with the device key.
 */
final class RetainedReportPublisher<T> {
    private static final Logger log = LoggerFactory.getLogger(RetainedReportPublisher.class);

    private final DeviceId device;
    private final String topic;
    private final PayloadCodec codec;
    private final SessionConnection connection;
    private final QosOnePublisher publisher;
    private final ExecutorService tasks;
    private final AtomicReference<T> latest;
    private final ReportSigner signer;
    /** The report this connection last published; reset at each connect so the latest goes out again. */
    private T sent;
    private IMqttToken sentToken;

    /** @param topic where the reports go, e.g. {@code Topics.install(device)} */
    RetainedReportPublisher(DeviceId device, String topic, PayloadCodec codec, SessionConnection connection,
                           QosOnePublisher publisher, ExecutorService tasks, AtomicReference<T> latest,
                           ReportSigner signer) {
        this.device = Objects.requireNonNull(device, "device");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.latest = Objects.requireNonNull(latest, "latest");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Publishes the latest report on a session task; returns at once. */
    void publishLater() {
        try {
            tasks.execute(this::flush);
        } catch (RejectedExecutionException closed) {
            // Closing: the close publishes the latest report itself.
        }
    }

    /** A new connection has published nothing yet: the next flush sends the latest report again. */
    void forgetSent() {
        synchronized (latest) {
            sent = null;
        }
    }

    /** Publishes the latest report if connected and this connection has not sent it yet; does not wait for PUBACK. */
    void flush() {
        synchronized (latest) {
            T report = latest.get();
            if (report == null || report == sent || !connection.isConnected()) {
                return;
            }
            try {
                // Signed with the device key: the console moves a job to COMMITTED only on a report that verifies.
                byte[] payload = codec.encode(report);
                sentToken = publisher.publish(topic, payload, true, null, signer.sign(topic, payload, null));
                sent = report;
            } catch (MqttException e) {
                log.debug("{}: report on {} not sent yet: {}", device, topic, describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Flushes, then waits for the PUBACK of the last report sent until {@code deadline}, but at least 100 ms. */
    void flushAndWait(long deadline) throws MqttException {
        flush();
        IMqttToken report;
        synchronized (latest) {
            report = sentToken;
        }
        if (report != null) {
            report.waitForCompletion(Math.max(100, remainingMs(deadline)));
        }
    }
}
