package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.daemon.telemetry.EventSink;
import io.fleetdeck.daemon.telemetry.ReadingBuffer;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One device's MQTT v5 session: connects with an {@code offline} Last Will, announces {@code status}/{@code info}
 * (retained) after every connect, publishes telemetry batches at QoS 1 through a bounded in-flight window, answers
 * commands, and reconnects with jittered exponential backoff until closed.
 *
 * <p>Clean start is true and the session expires at disconnect: the device, not the broker, holds unacknowledged
 * telemetry. Batches that were in flight when a connection dropped go back to the front of the queue and are sent
 * again with their original {@code seq} (at-least-once; consumers can de-duplicate by seq), and the command
 * subscription is renewed on each connect. That leaves no broker-side state for devices that never come back.
 *
 * <p>This class assembles the parts and says what each connect does; the parts do the work (see the package). It
 * creates the Paho client and the tasks that every part shares; {@code SessionShutdown} releases them.
 */
public final class DeviceSession implements EventSink, AutoCloseable {
    /** How long a restart spends on readings and {@code offline} before it leaves them to the will. */
    public static final Duration RESTART_COURTESY = Duration.ofMillis(500);

    private final DeviceId device;
    private final MqttSettings settings;
    private final ExecutorService tasks;
    private final QosOnePublisher publisher;
    private final SessionConnection connection;
    private final EventPublisher events;
    private final TelemetryPublisher telemetry;
    private final StatusPublisher status;
    private final RetainedReportPublisher<InstallProgress> installs;
    private final RetainedReportPublisher<GpioState> gpio;
    private final ControlChannel control;
    private final SessionShutdown shutdown;
    private boolean started;

    public DeviceSession(DeviceId device, MqttSettings settings, DeviceInfo info, ReadingBuffer buffer,
                         CommandExecutor commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
                         LongSupplier clock) throws MqttSessionException {
        this(device, settings, info, buffer, commands, codec, acknowledgedReadings, ConcurrentHashMap.newKeySet(),
                new AtomicReference<>(), clock);
    }

    /**
     * @param acknowledgedSensors collects the ids of sensors with a reading the broker acknowledged (health check)
     * @param installReport       the latest install report, shared with the sessions before and after this one:
     *                            published retained on every connect and whenever {@link #publishInstall()} is called
     */
    public DeviceSession(DeviceId device, MqttSettings settings, DeviceInfo info, ReadingBuffer buffer,
                         CommandExecutor commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
                         Set<String> acknowledgedSensors, AtomicReference<InstallProgress> installReport,
                         LongSupplier clock) throws MqttSessionException {
        this(device, settings, info, buffer, commands, codec, acknowledgedReadings, acknowledgedSensors,
                installReport, clock, ReportSigner.NONE);
    }

    /** @param signer signs install reports and command responses with the device key */
    public DeviceSession(DeviceId device, MqttSettings settings, DeviceInfo info, ReadingBuffer buffer,
                         CommandExecutor commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
                         Set<String> acknowledgedSensors, AtomicReference<InstallProgress> installReport,
                         LongSupplier clock, ReportSigner signer) throws MqttSessionException {
        this(device, settings, info, buffer, commands, codec, acknowledgedReadings, acknowledgedSensors,
                installReport, new AtomicReference<>(), clock, signer);
    }

    /**
     * @param gpioState the latest GPIO state, shared like {@code installReport}: published retained on every connect
     *                  and whenever {@link #publishGpio()} is called
     */
    public DeviceSession(DeviceId device, MqttSettings settings, DeviceInfo info, ReadingBuffer buffer,
                         CommandExecutor commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
                         Set<String> acknowledgedSensors, AtomicReference<InstallProgress> installReport,
                         AtomicReference<GpioState> gpioState, LongSupplier clock, ReportSigner signer)
            throws MqttSessionException {
        this.device = Objects.requireNonNull(device, "device");
        Objects.requireNonNull(gpioState, "gpioState");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Up front, before there is a client that a null argument would leave unclosed.
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(acknowledgedReadings, "acknowledgedReadings");
        Objects.requireNonNull(acknowledgedSensors, "acknowledgedSensors");
        Objects.requireNonNull(installReport, "installReport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(signer, "signer");
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mqtt-task-" + device, 0).factory());
        MqttAsyncClient client;
        try {
            // Memory persistence: Paho's default writes files into the working directory.
            client = new MqttAsyncClient(settings.brokerUrl(), device.value(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new MqttSessionException(device, settings.brokerUrl(), "cannot create the MQTT client", e);
        }
        this.publisher = new QosOnePublisher(client, settings.closeTimeout());
        this.connection = new SessionConnection(device, settings, client, codec, clock, new EachConnection());
        this.events = new EventPublisher(device, codec, connection, publisher, tasks);
        this.telemetry = new TelemetryPublisher(device, settings, buffer, codec, clock, connection, publisher, events,
                acknowledgedReadings, acknowledgedSensors);
        this.status = new StatusPublisher(device, info, codec, clock, publisher);
        this.installs = new RetainedReportPublisher<>(device, Topics.install(device), codec, connection, publisher,
                tasks, installReport, signer);
        this.gpio = new RetainedReportPublisher<>(device, Topics.gpio(device), codec, connection, publisher, tasks,
                gpioState, signer);
        this.control = new ControlChannel(device, client, tasks, new CommandResponder(device, commands, codec,
                publisher, signer));
        this.shutdown = new SessionShutdown(device, settings, client, tasks, connection, telemetry, installs, status);
        client.setCallback(new PahoCallbacks(device, connection, control));
    }

    /** The broker password to connect with (see {@link BrokerPassword}); call before {@link #start()}. */
    public void usePassword(io.fleetdeck.daemon.identity.BrokerPassword password) {
        connection.usePassword(password);
    }

    /** Whether the live connection already uses the current broker password. */
    public boolean connectedWithCurrentPassword() {
        return connection.connectedWithCurrentPassword();
    }

    /** Starts connecting and publishing in the background; returns at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        connection.start();
        telemetry.start();
    }

    public DeviceId device() {
        return device;
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Readings whose batch the broker acknowledged. */
    public long acknowledgedReadings() {
        return telemetry.acknowledgedReadings();
    }

    /** How often Paho refused a publish because its window was full (reason 32202) and we waited and retried. */
    public long windowFullRetries() {
        return publisher.windowFullRetries();
    }

    @Override
    public void publish(DeviceEvent event) {
        events.publish(event);
    }

    /**
     * Publishes the latest install report (retained) when connected; while disconnected only the latest is kept and
     * goes out after the next connect. Returns at once.
     */
    public void publishInstall() {
        installs.publishLater();
    }

    /**
     * Publishes the latest GPIO state (retained) when connected; while disconnected only the latest is kept and goes
     * out after the next connect. Returns at once.
     */
    public void publishGpio() {
        gpio.publishLater();
    }

    /**
     * Flushes buffered readings (bounded by the close timeout), publishes retained {@code offline}, disconnects
     * normally so the broker discards the will, and releases the client.
     */
    @Override
    public void close() {
        shutdown.close(settings.closeTimeout());
    }

    /**
     * Closes before a restart or reboot: the latest install report (REBOOTING, ROLLED_BACK) still gets the whole close
     * timeout to reach the broker, but flushing readings and saying {@code offline} get at most {@link
     * #RESTART_COURTESY}. An {@code offline} that is not acknowledged by then is left to the will: the connection is
     * dropped without DISCONNECT, so the broker publishes it.
     */
    public void closeForRestart() {
        shutdown.close(RESTART_COURTESY);
    }

    /** Cuts the connection without DISCONNECT, like a power cut: the broker publishes the {@code offline} will. */
    public void crash() {
        shutdown.crash();
    }

    /**
     * Batches this session took from the buffer but never had acknowledged, in sequence order: what a session to
     * another broker must send again. Meaningful after {@link #close()}.
     */
    public List<TelemetryBatch> unacknowledgedBatches() {
        return telemetry.unacknowledgedBatches();
    }

    /** The sequence number the next new batch would get. */
    public long nextSequence() {
        return telemetry.nextSequence();
    }

    /**
     * Continues where a previous session of the same device stopped: its unacknowledged batches go first, with their
     * numbers, and new batches keep counting from {@code nextSequence}. Call before {@link #start()}.
     */
    public void carryOver(List<TelemetryBatch> unacknowledged, long nextSequence) {
        telemetry.carryOver(unacknowledged, nextSequence);
    }

    /**
     * What every connection does before and after it counts as online. The subscription comes before {@code online}
     * is announced, so a console that answers {@code online} with a command finds the device listening.
     */
    private final class EachConnection implements ConnectionListener {
        @Override
        public void established(int windowLimit, long timeoutMs) throws MqttException, InterruptedException {
            telemetry.limitWindow(windowLimit);
            control.subscribe(timeoutMs);
            status.announce(timeoutMs);
            installs.forgetSent();
            gpio.forgetSent();
        }

        @Override
        public void online() {
            tasks.execute(events::flush);
            tasks.execute(installs::flush);
            tasks.execute(gpio::flush);
        }

        @Override
        public void lost() {
            telemetry.requeueInFlight();
        }
    }
}
