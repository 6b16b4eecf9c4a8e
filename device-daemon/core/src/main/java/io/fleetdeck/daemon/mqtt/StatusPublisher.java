package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.Objects;
import java.util.function.LongSupplier;

import static io.fleetdeck.daemon.mqtt.Deadlines.remainingMs;

/**
 * The device's retained {@code status} and {@code info}: {@code online} and the device's description after every
 * connect, so a console that subscribes later still sees them, and {@code offline} at a clean close. The {@code
 * offline} of a dead device is the connection's Last Will.
 */
final class StatusPublisher {
    private final DeviceId device;
    private final DeviceInfo info;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final QosOnePublisher publisher;

    StatusPublisher(DeviceId device, DeviceInfo info, PayloadCodec codec, LongSupplier clock,
                    QosOnePublisher publisher) {
        this.device = Objects.requireNonNull(device, "device");
        this.info = Objects.requireNonNull(info, "info");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /** Publishes {@code online}, then {@code info}, and waits up to {@code timeoutMs} for {@code info}'s PUBACK. */
    void announce(long timeoutMs) throws MqttException, InterruptedException {
        publisher.publish(Topics.status(device), codec.encode(new DeviceStatus(Presence.ONLINE, clock.getAsLong())),
                true, null);
        publisher.publish(Topics.info(device), codec.encode(info), true, null).waitForCompletion(timeoutMs);
    }

    /** Publishes {@code offline} and waits for its PUBACK until {@code deadline}, but at least 100 ms. */
    void sayOffline(long deadline) throws MqttException, InterruptedException {
        publisher.publish(Topics.status(device),
                        codec.encode(new DeviceStatus(Presence.OFFLINE, clock.getAsLong())), true, null)
                .waitForCompletion(Math.max(100, remainingMs(deadline)));
    }
}
