package io.fleetdeck.console.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PUBACKs owed on one connection of a {@link TelemetrySession}. The history's writer acknowledges a whole commit
 * at once, so acknowledgements are queued and written by one task on the connection's event loop with a single flush,
 * instead of a task, a write and a system call each.
 *
 * <p>An acknowledgement for a connection that is gone is dropped and counted: the broker redelivers the message on the
 * kept session, and a packet id of the old connection may mean another message on the new one.
 */
final class PubAcks {
    private final Channel channel;
    private final AtomicLong stale;
    private final Queue<Ack> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    PubAcks(Channel channel, AtomicLong stale) {
        this.channel = channel;
        this.stale = stale;
    }

    /** The acknowledgement of the QoS 1 message {@code packetId}: runs at most once, from any thread. */
    Runnable forPacket(int packetId) {
        return new Ack(packetId);
    }

    private void send(Ack ack) {
        if (!channel.isActive()) {
            stale.incrementAndGet();
            return;
        }
        pending.add(ack);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The session is closing: the broker redelivers what is still pending here.
                stale.addAndGet(pending.size());
                pending.clear();
            }
        }
    }

    /** On the event loop: writes every queued PUBACK and flushes once. */
    private void drain() {
        // Cleared before polling, so an acknowledgement queued after the last poll schedules another drain.
        drainScheduled.set(false);
        boolean wrote = false;
        for (Ack ack = pending.poll(); ack != null; ack = pending.poll()) {
            if (!channel.isActive()) {
                stale.incrementAndGet();
                continue;
            }
            channel.write(pubAck(ack.packetId), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private static MqttMessage pubAck(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).reasonCode((byte) 0).build();
    }

    private final class Ack extends AtomicBoolean implements Runnable {
        private final int packetId;

        Ack(int packetId) {
            this.packetId = packetId;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                send(this);
            }
        }
    }
}
