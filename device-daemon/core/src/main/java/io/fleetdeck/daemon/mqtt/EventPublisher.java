package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.daemon.telemetry.EventSink;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Publishes device events on {@code events} without ever blocking the caller (a sensor loop): events queue, the newest
 * hundred kept, and a session task sends them while connected. What is still queued at a drop goes after the next
 * connect.
 */
final class EventPublisher implements EventSink {
    private static final int MAX_PENDING_EVENTS = 100;
    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final DeviceId device;
    private final PayloadCodec codec;
    private final SessionConnection connection;
    private final QosOnePublisher publisher;
    private final ExecutorService tasks;
    private final ArrayDeque<DeviceEvent> pending = new ArrayDeque<>();

    EventPublisher(DeviceId device, PayloadCodec codec, SessionConnection connection, QosOnePublisher publisher,
                   ExecutorService tasks) {
        this.device = Objects.requireNonNull(device, "device");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    @Override
    public void publish(DeviceEvent event) {
        synchronized (pending) {
            if (pending.size() == MAX_PENDING_EVENTS) {
                pending.pollFirst();
            }
            pending.addLast(event);
        }
        if (!tasks.isShutdown()) {
            try {
                tasks.execute(this::flush);
            } catch (RejectedExecutionException closed) {
                // Closing: the event stays unsent, as it would on a power cut.
            }
        }
    }

    /** Sends the queued events in order while connected; the first that cannot go stays first in the queue. */
    void flush() {
        synchronized (pending) {
            while (connection.isConnected() && !pending.isEmpty()) {
                DeviceEvent event = pending.peekFirst();
                try {
                    publisher.publish(Topics.events(device), codec.encode(event), false, null);
                    pending.pollFirst();
                } catch (MqttException e) {
                    log.debug("{}: event not sent yet: {}", device, describe(e));
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
