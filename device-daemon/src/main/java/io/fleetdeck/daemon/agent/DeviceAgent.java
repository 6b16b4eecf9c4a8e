package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.mqtt.DeviceSession;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.sensors.Identifier;
import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One device, real or virtual: its sensors sampled into a bounded buffer, drained by its own MQTT session. The run
 * command makes one; a {@code SimulatedFleet} makes many in one JVM.
 */
public final class DeviceAgent implements AutoCloseable {
    private final DeviceId device;
    private final DeviceInfo info;
    private final SensorSampler sampler;
    private final DeviceSession session;

    public DeviceAgent(DeviceId device, DeviceProfile profile, List<Sensor> sensors, Identifier identifier,
                       MqttSettings settings, PayloadCodec codec, LongSupplier clock) throws MqttSessionException {
        this.device = Objects.requireNonNull(device, "device");
        long startedAt = clock.getAsLong();
        this.info = new DeviceInfo(profile.model(), profile.serial(), profile.hostname(), profile.firmwareVersion(),
                profile.activeSlot(), sensors.stream().map(Sensor::descriptor).toList(), profile.capabilities(),
                startedAt);
        AtomicLong acknowledged = new AtomicLong();
        ReadingBuffer buffer = new ReadingBuffer(settings.bufferCapacity(), device.value());
        CommandHandler commands = new CommandHandler(device, profile.firmwareVersion(), startedAt, acknowledged::get,
                identifier, codec, clock);
        this.session = new DeviceSession(device, settings, info, buffer, commands, codec, acknowledged, clock);
        this.sampler = new SensorSampler(device.value(), sensors, buffer, session, clock);
    }

    /** Starts sampling and connecting; returns at once. */
    public void start() {
        session.start();
        sampler.start();
    }

    public DeviceId device() {
        return device;
    }

    public DeviceInfo info() {
        return info;
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    public long acknowledgedReadings() {
        return session.acknowledgedReadings();
    }

    public long windowFullRetries() {
        return session.windowFullRetries();
    }

    /** Stops sampling, flushes, publishes {@code offline} and disconnects (bounded by the close timeout). */
    @Override
    public void close() {
        sampler.close();
        session.close();
    }

    /** Dies without a word, as on a power cut: the broker publishes the will. */
    public void crash() {
        sampler.close();
        session.crash();
    }
}
