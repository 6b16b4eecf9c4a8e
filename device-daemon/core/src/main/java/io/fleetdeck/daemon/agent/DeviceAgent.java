package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.gpio.GpioBench;
import io.fleetdeck.daemon.identity.BrokerPassword;
import io.fleetdeck.daemon.mqtt.DeviceSession;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.ReportSigner;
import io.fleetdeck.daemon.sensors.Identifier;
import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.telemetry.ReadingBuffer;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One device, real or virtual: its sensors sampled into a bounded buffer, drained by its own MQTT session. The run
 * command makes one; a {@code SimulatedFleet} makes many in one JVM.
 */
public final class DeviceAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceAgent.class);

    private final DeviceId device;
    private final DeviceInfo info;
    private final SensorSampler sampler;
    private final ReadingBuffer buffer;
    private final CommandHandler commands;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final ReportSigner signer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final Set<String> acknowledgedSensors = ConcurrentHashMap.newKeySet();
    private final AtomicReference<InstallProgress> installReport = new AtomicReference<>();
    private final AtomicReference<GpioState> gpioState = new AtomicReference<>();
    private MqttSettings settings;
    private volatile DeviceSession session;
    private volatile BrokerPassword password = BrokerPassword.inMemory();
    private boolean started;
    private boolean closed;

    public DeviceAgent(DeviceId device, DeviceProfile profile, List<Sensor> sensors, Identifier identifier,
                       MqttSettings settings, PayloadCodec codec, LongSupplier clock) throws MqttSessionException {
        this(device, profile, sensors, identifier, settings, codec, clock, FirmwareCommands.NONE);
    }

    /** @param firmware answers {@code cmd/trust-key}, {@code cmd/preflight} and {@code cmd/install} */
    public DeviceAgent(DeviceId device, DeviceProfile profile, List<Sensor> sensors, Identifier identifier,
                       MqttSettings settings, PayloadCodec codec, LongSupplier clock, FirmwareCommands firmware)
            throws MqttSessionException {
        this(device, profile, sensors, identifier, settings, codec, clock, firmware, ReportSigner.NONE);
    }

    /** @param signer signs install reports and command responses with the device key */
    public DeviceAgent(DeviceId device, DeviceProfile profile, List<Sensor> sensors, Identifier identifier,
                       MqttSettings settings, PayloadCodec codec, LongSupplier clock, FirmwareCommands firmware,
                       ReportSigner signer) throws MqttSessionException {
        this(device, profile, sensors, identifier, settings, codec, clock, firmware, signer, GpioBench.none(device));
    }

    /**
     * @param gpio answers {@code cmd/gpio}; its pins and levels are published on the retained {@code gpio} topic at
     *             every connect and whenever they change
     */
    public DeviceAgent(DeviceId device, DeviceProfile profile, List<Sensor> sensors, Identifier identifier,
                       MqttSettings settings, PayloadCodec codec, LongSupplier clock, FirmwareCommands firmware,
                       ReportSigner signer, GpioBench gpio) throws MqttSessionException {
        this.device = Objects.requireNonNull(device, "device");
        long startedAt = clock.getAsLong();
        this.info = new DeviceInfo(profile.model(), profile.serial(), profile.hostname(), profile.firmwareVersion(),
                profile.activeSlot(), sensors.stream().map(Sensor::descriptor).toList(), profile.capabilities(),
                startedAt).withTags(profile.tags());
        this.buffer = new ReadingBuffer(settings.bufferCapacity(), device.value());
        this.commands = new CommandHandler(device, profile.firmwareVersion(), startedAt, acknowledged::get,
                identifier, codec, clock, firmware, gpio);
        this.codec = codec;
        this.clock = clock;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.settings = settings;
        this.session = newSession(settings);
        // Events go to whichever session is current, so moving to another broker needs no new sampler.
        this.sampler = new SensorSampler(device.value(), sensors, buffer, event -> this.session.publish(event), clock);
        gpio.state().ifPresent(gpioState::set);
        gpio.onChange(this::reportGpio);
    }

    /** The broker password this device connects with, now and after moves; call before {@link #start()}. */
    public synchronized void usePassword(BrokerPassword value) {
        password = Objects.requireNonNull(value, "value");
        session.usePassword(value);
    }

    /** Whether the live connection already uses the current broker password. */
    public boolean connectedWithCurrentPassword() {
        return session.connectedWithCurrentPassword();
    }

    /**
     * Connects again with a fresh session, e.g. with a password just issued: the current session flushes, says
     * {@code offline} and disconnects cleanly, as in {@link #moveTo}, then a new one connects to the same broker.
     */
    public synchronized void reconnect(String why) throws MqttSessionException {
        if (closed) {
            return;
        }
        log.info("{}: reconnecting to {}: {}", device, settings.brokerUrl(), why);
        session.close();
        DeviceSession previous = session;
        session = newSession(settings);
        session.carryOver(previous.unacknowledgedBatches(), previous.nextSequence());
        if (started) {
            session.start();
        }
    }

    /** Starts sampling and connecting; returns at once. */
    public synchronized void start() {
        started = true;
        session.start();
        sampler.start();
    }

    /**
     * Moves the device to another broker without stopping its sensors: the current session flushes what it can,
     * says {@code offline} and disconnects cleanly (bounded by the close timeout), then a new session connects to
     * {@code brokerUrl}. Readings sampled meanwhile wait in the buffer; batches the old broker never acknowledged are
     * sent again to the new one with their numbers, and numbering goes on (at-least-once, as after a reconnect).
     * Used when the console is found again at another address.
     *
     * @throws MqttSessionException when the new client cannot be created (malformed URL); the old session is closed
     */
    public synchronized void moveTo(String brokerUrl) throws MqttSessionException {
        moveTo(brokerUrl, settings.telemetryEncoding());
    }

    /**
     * As {@link #moveTo(String)}, publishing telemetry in {@code encoding} from then on: what the console found there
     * reads. Also moves when only the encoding changed (the console was upgraded in place); batches the old session
     * never had acknowledged go out in the new encoding, with their numbers.
     */
    public synchronized void moveTo(String brokerUrl, TelemetryEncoding encoding) throws MqttSessionException {
        if (closed || (brokerUrl.equals(settings.brokerUrl()) && encoding == settings.telemetryEncoding())) {
            return;
        }
        MqttSettings next = settings.withBrokerUrl(brokerUrl).withTelemetryEncoding(encoding);
        log.info("{}: moving from broker {} to {} ({} telemetry)", device, settings.brokerUrl(), brokerUrl,
                encoding.token());
        session.close();
        DeviceSession previous = session;
        settings = next;
        session = newSession(next);
        session.carryOver(previous.unacknowledgedBatches(), previous.nextSequence());
        if (started) {
            session.start();
        }
    }

    private DeviceSession newSession(MqttSettings with) throws MqttSessionException {
        DeviceSession fresh = new DeviceSession(device, with, info, buffer, commands, codec, acknowledged,
                acknowledgedSensors, installReport, gpioState, clock, signer);
        fresh.usePassword(password);
        return fresh;
    }

    /**
     * Publishes {@code progress} on the retained {@code install} topic; while offline only the latest report is kept,
     * and it goes out at the next connect. Never blocks.
     */
    public void reportInstall(InstallProgress progress) {
        installReport.set(Objects.requireNonNull(progress, "progress"));
        session.publishInstall();
    }

    /**
     * Publishes {@code state} on the retained {@code gpio} topic; while offline only the latest is kept, and it goes
     * out at the next connect. Never blocks.
     */
    public void reportGpio(GpioState state) {
        gpioState.set(Objects.requireNonNull(state, "state"));
        DeviceSession current = session;
        if (current != null) {
            current.publishGpio();
        }
    }

    /** The latest GPIO state, published or not; empty for a device exposing no pins. */
    public Optional<GpioState> latestGpioState() {
        return Optional.ofNullable(gpioState.get());
    }

    /** The latest install report, published or not. */
    public Optional<InstallProgress> latestInstallReport() {
        return Optional.ofNullable(installReport.get());
    }

    /** Ids of the sensors with at least one finite reading the broker acknowledged since this agent started. */
    public Set<String> acknowledgedSensors() {
        return Set.copyOf(acknowledgedSensors);
    }

    public synchronized String brokerUrl() {
        return settings.brokerUrl();
    }

    /** How this device encodes its telemetry batches now. */
    public synchronized TelemetryEncoding telemetryEncoding() {
        return settings.telemetryEncoding();
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

    /** Readings taken from the buffer into batches that no PUBACK settled (yet): sent at least once, or waiting. */
    public long unacknowledgedReadings() {
        return session.unacknowledgedBatches().stream().mapToLong(batch -> batch.readings().size()).sum();
    }

    public long windowFullRetries() {
        return session.windowFullRetries();
    }

    /** Stops sampling, flushes, publishes {@code offline} and disconnects (bounded by the close timeout). */
    @Override
    public synchronized void close() {
        closed = true;
        sampler.close();
        session.close();
    }

    /** Like {@link #close()} before a restart: the install report goes out, {@code offline} is left to the will if slow. */
    public synchronized void closeForRestart() {
        closed = true;
        sampler.close();
        session.closeForRestart();
    }

    /** Dies without a word, as on a power cut: the broker publishes the will. */
    public synchronized void crash() {
        closed = true;
        sampler.close();
        session.crash();
    }
}
