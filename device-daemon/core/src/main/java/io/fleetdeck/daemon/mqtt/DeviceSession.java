package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;

import io.fleetdeck.daemon.agent.CommandHandler;
import io.fleetdeck.daemon.agent.EventSink;
import io.fleetdeck.daemon.agent.ReadingBuffer;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.DeviceTopic;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Payloads;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.TopicKind;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 */
public final class DeviceSession implements EventSink, AutoCloseable {
    /** Paho's "too many publishes in progress": its window is full and it does not queue. */
    static final int REASON_MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;
    /** Publishes kept out of the telemetry window for status, info, events and responses. */
    private static final int CONTROL_RESERVE = 4;
    private static final int MAX_PENDING_EVENTS = 100;
    private static final Logger log = LoggerFactory.getLogger(DeviceSession.class);

    /** How long a restart spends on readings and {@code offline} before it leaves them to the will. */
    public static final Duration RESTART_COURTESY = Duration.ofMillis(500);

    private final DeviceId device;
    private final MqttSettings settings;
    private final DeviceInfo info;
    private final ReadingBuffer buffer;
    private final CommandHandler commands;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final AtomicLong acknowledgedReadings;
    private final Set<String> acknowledgedSensors;
    private final AtomicReference<InstallProgress> installReport;
    /** The install report this connection last published; reset at each connect so the latest goes out again. */
    private InstallProgress installSent;
    private IMqttToken installToken;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final MqttAsyncClient client;
    private final ReconnectBackoff backoff;
    private final InFlightWindow window;
    private final ConcurrentHashMap<Long, InFlightBatch> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<TelemetryBatch> retry = new ConcurrentLinkedDeque<>();
    private final ArrayDeque<DeviceEvent> pendingEvents = new ArrayDeque<>();
    private final ExecutorService tasks;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong windowFullRetries = new AtomicLong();
    private boolean connected;
    private long generation;
    private volatile boolean stopPublishing;
    private volatile boolean closing;
    private Thread connector;
    private Thread publisher;

    public DeviceSession(DeviceId device, MqttSettings settings, DeviceInfo info, ReadingBuffer buffer,
                         CommandHandler commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
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
                         CommandHandler commands, PayloadCodec codec, AtomicLong acknowledgedReadings,
                         Set<String> acknowledgedSensors, AtomicReference<InstallProgress> installReport,
                         LongSupplier clock) throws MqttSessionException {
        this.device = Objects.requireNonNull(device, "device");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = Objects.requireNonNull(info, "info");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.acknowledgedReadings = Objects.requireNonNull(acknowledgedReadings, "acknowledgedReadings");
        this.acknowledgedSensors = Objects.requireNonNull(acknowledgedSensors, "acknowledgedSensors");
        this.installReport = Objects.requireNonNull(installReport, "installReport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = new ReconnectBackoff(settings.backoffInitial(), settings.backoffMax(),
                ThreadLocalRandom.current());
        this.window = new InFlightWindow(settings.inFlightWindow());
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mqtt-task-" + device, 0).factory());
        try {
            // Memory persistence: Paho's default writes files into the working directory.
            this.client = new MqttAsyncClient(settings.brokerUrl(), device.value(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new MqttSessionException(device, settings.brokerUrl(), "cannot create the MQTT client", e);
        }
        client.setCallback(new Callbacks());
    }

    /** Starts connecting and publishing in the background; returns at once. */
    public synchronized void start() {
        if (connector != null) {
            return;
        }
        connector = Thread.ofVirtual().name("mqtt-connect-" + device).start(this::connectLoop);
        publisher = Thread.ofVirtual().name("mqtt-publish-" + device).start(this::publishLoop);
    }

    public DeviceId device() {
        return device;
    }

    public boolean isConnected() {
        stateLock.lock();
        try {
            return connected;
        } finally {
            stateLock.unlock();
        }
    }

    /** Readings whose batch the broker acknowledged. */
    public long acknowledgedReadings() {
        return acknowledgedReadings.get();
    }

    /** How often Paho refused a publish because its window was full (reason 32202) and we waited and retried. */
    public long windowFullRetries() {
        return windowFullRetries.get();
    }

    // ---------------------------------------------------------------- connection

    private void connectLoop() {
        while (!closing) {
            try {
                awaitDisconnected();
                if (closing) {
                    return;
                }
                connectOnce();
                backoff.reset();
            } catch (InterruptedException e) {
                return;
            } catch (MqttException e) {
                if (closing) {
                    return;
                }
                forceDisconnectQuietly();
                Duration delay = backoff.next();
                int attempt = backoff.attempts();
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warn("{}: cannot reach broker {} ({}); retrying in {} ms (attempt {})", device,
                            settings.brokerUrl(), describe(e), delay.toMillis(), attempt);
                } else {
                    log.debug("{}: connect attempt {} to {} failed: {}", device, attempt, settings.brokerUrl(),
                            describe(e));
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void connectOnce() throws MqttException, InterruptedException {
        long startGeneration;
        stateLock.lock();
        try {
            startGeneration = generation;
        } finally {
            stateLock.unlock();
        }
        long now = clock.getAsLong();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        options.setSocketFactory(sockets);
        MqttProperties willProperties = payloadProperties();
        willProperties.setWillDelayInterval(0L);
        options.setWill(Topics.status(device),
                new MqttMessage(codec.encode(new DeviceStatus(Presence.OFFLINE, now)), 1, true, null));
        options.setWillMessageProperties(willProperties);

        long timeoutMs = settings.connectTimeout().toMillis() + 1000;
        IMqttToken token = client.connect(options);
        token.waitForCompletion(timeoutMs);
        int limit = settings.inFlightWindow();
        MqttProperties response = token.getResponseProperties();
        if (response != null && response.getReceiveMaximum() != null) {
            limit = Math.min(limit, Math.max(1, response.getReceiveMaximum() - CONTROL_RESERVE));
        }
        window.setLimit(limit);
        client.subscribe(new MqttSubscription(Topics.commandFilter(device), 1)).waitForCompletion(timeoutMs);
        publishControl(Topics.status(device), codec.encode(new DeviceStatus(Presence.ONLINE, clock.getAsLong())),
                true, null);
        publishControl(Topics.info(device), codec.encode(info), true, null).waitForCompletion(timeoutMs);
        synchronized (installReport) {
            installSent = null;
        }

        stateLock.lock();
        try {
            if (generation != startGeneration || !client.isConnected()) {
                throw new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST);
            }
            connected = true;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        log.info("{}: online at {} (in-flight window {})", device, settings.brokerUrl(), limit);
        tasks.execute(this::flushEvents);
        tasks.execute(this::flushInstall);
    }

    private void awaitDisconnected() throws InterruptedException {
        stateLock.lockInterruptibly();
        try {
            while (connected && !closing) {
                stateChanged.await();
            }
        } finally {
            stateLock.unlock();
        }
    }

    /** Waits until connected; false when the session is stopping and there is no connection to publish on. */
    private boolean awaitConnected() throws InterruptedException {
        stateLock.lockInterruptibly();
        try {
            while (!connected) {
                if (stopPublishing || closing) {
                    return false;
                }
                stateChanged.await(100, TimeUnit.MILLISECONDS);
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    private void connectionLost(String why) {
        boolean wasConnected;
        stateLock.lock();
        try {
            generation++;
            wasConnected = connected;
            connected = false;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        for (InFlightBatch entry : List.copyOf(inFlight.values())) {
            fail(entry);
        }
        if (wasConnected && !closing) {
            log.warn("{}: lost connection to {} ({}); reconnecting", device, settings.brokerUrl(), why);
        }
    }

    private void forceDisconnectQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            log.debug("{}: forced disconnect: {}", device, e.toString());
        }
    }

    // ---------------------------------------------------------------- telemetry

    private void publishLoop() {
        try {
            while (true) {
                if (!awaitConnected()) {
                    return;
                }
                reportDrops();
                TelemetryBatch batch = retry.pollFirst();
                if (batch == null) {
                    // Stopping: send what is there rather than linger for a fuller batch.
                    List<Reading> readings = buffer.drain(settings.batchMaxReadings(),
                            stopPublishing ? 0 : settings.batchLinger().toMillis());
                    if (readings.isEmpty()) {
                        if (stopPublishing) {
                            return;
                        }
                        continue;
                    }
                    batch = new TelemetryBatch(nextSeq.getAndIncrement(), readings);
                }
                window.acquire();
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(TelemetryBatch batch) throws InterruptedException {
        InFlightBatch entry = new InFlightBatch(batch);
        inFlight.put(batch.seq(), entry);
        MqttMessage message = message(codec.encode(batch), false, null);
        while (true) {
            if (!isConnected()) {
                fail(entry);
                return;
            }
            try {
                client.publish(Topics.telemetry(device), message, null, entry);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == REASON_MAX_INFLIGHT && !entry.settled.get()) {
                    windowFullRetries.incrementAndGet();
                    Thread.sleep(1);
                    continue;
                }
                log.debug("{}: publish of batch {} failed: {}", device, batch.seq(), describe(e));
                fail(entry);
                return;
            }
        }
    }

    private void succeed(InFlightBatch entry) {
        if (entry.settled.compareAndSet(false, true)) {
            inFlight.remove(entry.batch.seq(), entry);
            acknowledgedReadings.addAndGet(entry.batch.readings().size());
            for (Reading reading : entry.batch.readings()) {
                if (Double.isFinite(reading.value()) && !acknowledgedSensors.contains(reading.sensor())) {
                    acknowledgedSensors.add(reading.sensor());
                }
            }
            window.release();
        }
    }

    private void fail(InFlightBatch entry) {
        if (entry.settled.compareAndSet(false, true)) {
            inFlight.remove(entry.batch.seq(), entry);
            retry.addFirst(entry.batch);
            window.release();
        }
    }

    private void reportDrops() {
        long dropped = buffer.takeDropped();
        if (dropped > 0) {
            String text = "dropped " + dropped + " oldest readings: the buffer of " + buffer.capacity()
                    + " was full while the broker was unreachable or slow";
            log.warn("{}: {}", device, text);
            publish(new DeviceEvent(clock.getAsLong(), EventLevel.WARN, "telemetry-dropped", text));
        }
    }

    /** A telemetry batch awaiting PUBACK; settles exactly once, whichever of ack, failure or disconnect comes first. */
    private final class InFlightBatch implements MqttActionListener {
        final TelemetryBatch batch;
        final AtomicBoolean settled = new AtomicBoolean();

        InFlightBatch(TelemetryBatch batch) {
            this.batch = batch;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            succeed(this);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            fail(this);
        }
    }

    // ---------------------------------------------------------------- events, commands, control messages

    @Override
    public void publish(DeviceEvent event) {
        synchronized (pendingEvents) {
            if (pendingEvents.size() == MAX_PENDING_EVENTS) {
                pendingEvents.pollFirst();
            }
            pendingEvents.addLast(event);
        }
        if (!tasks.isShutdown()) {
            try {
                tasks.execute(this::flushEvents);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // Closing: the event stays unsent, as it would on a power cut.
            }
        }
    }

    private void flushEvents() {
        synchronized (pendingEvents) {
            while (isConnected() && !pendingEvents.isEmpty()) {
                DeviceEvent event = pendingEvents.peekFirst();
                try {
                    publishControl(Topics.events(device), codec.encode(event), false, null);
                    pendingEvents.pollFirst();
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

    /**
     * Publishes the latest install report (retained) when connected; while disconnected only the latest is kept and
     * goes out after the next connect. Returns at once.
     */
    public void publishInstall() {
        try {
            tasks.execute(this::flushInstall);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Closing: close() publishes the latest report itself.
        }
    }

    private void flushInstall() {
        synchronized (installReport) {
            InstallProgress latest = installReport.get();
            if (latest == null || latest == installSent || !isConnected()) {
                return;
            }
            try {
                installToken = publishControl(Topics.install(device), codec.encode(latest), true, null);
                installSent = latest;
            } catch (MqttException e) {
                log.debug("{}: install report not sent yet: {}", device, describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handleCommand(String topic, MqttMessage message) {
        Optional<DeviceTopic> parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignored message on {}: {}", device, Identifiers.quote(topic), e.getMessage());
            return;
        }
        if (parsed.isEmpty() || parsed.get().kind() != TopicKind.COMMAND || !parsed.get().device().equals(device)) {
            return;
        }
        String name = parsed.get().command().orElseThrow();
        if (message.isRetained()) {
            // A retained command would run again at every reconnect; commands are one-shot.
            log.warn("{}: ignored retained cmd/{}", device, name);
            return;
        }
        MqttProperties properties = message.getProperties();
        String responseTopic = properties == null ? null : properties.getResponseTopic();
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        CommandResponse response = commands.handle(name, message.getPayload());
        if (!Topics.isConsoleResponseTopic(responseTopic)) {
            log.warn("{}: cmd/{} carried out but not answered: response topic {} is not a console's", device, name,
                    Identifiers.quote(responseTopic));
            return;
        }
        MqttProperties extra = new MqttProperties();
        if (correlation != null) {
            extra.setCorrelationData(correlation);
        }
        try {
            publishControl(responseTopic, codec.encode(response), false, extra);
        } catch (MqttException e) {
            log.warn("{}: could not answer cmd/{}: {}", device, name, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** QoS 1 publish that waits out Paho's full window (32202) for up to the close timeout instead of failing. */
    private IMqttToken publishControl(String topic, byte[] payload, boolean retained, MqttProperties extra)
            throws MqttException, InterruptedException {
        MqttMessage message = message(payload, retained, extra);
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        while (true) {
            try {
                return client.publish(topic, message);
            } catch (MqttException e) {
                if (e.getReasonCode() != REASON_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
                windowFullRetries.incrementAndGet();
                Thread.sleep(2);
            }
        }
    }

    private MqttMessage message(byte[] payload, boolean retained, MqttProperties extra) {
        MqttProperties properties = payloadProperties();
        if (extra != null && extra.getCorrelationData() != null) {
            properties.setCorrelationData(extra.getCorrelationData());
        }
        return new MqttMessage(payload, 1, retained, properties);
    }

    private static MqttProperties payloadProperties() {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(Payloads.CONTENT_TYPE);
        properties.setPayloadFormat(true);
        return properties;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof MqttException mqtt) {
            text.append(" [reason ").append(mqtt.getReasonCode()).append(']');
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            text.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        }
        return text.toString();
    }

    private final class Callbacks implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getException() != null ? describe(response.getException())
                    : "broker sent DISCONNECT, reason " + response.getReturnCode();
            connectionLost(why);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("{}: MQTT error: {}", device, describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Never block Paho's callback thread: publishing the answer from it would wait on itself.
            try {
                tasks.execute(() -> handleCommand(topic, message));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                log.debug("{}: closing, dropped command on {}", device, topic);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Flushes buffered readings (bounded by the close timeout), publishes retained {@code offline}, disconnects
     * normally so the broker discards the will, and releases the client.
     */
    @Override
    public void close() {
        close(settings.closeTimeout(), false);
    }

    /**
     * Closes before a restart or reboot: the latest install report (REBOOTING, ROLLED_BACK) still gets the whole close
     * timeout to reach the broker, but flushing readings and saying {@code offline} get at most {@link
     * #RESTART_COURTESY}. An {@code offline} that is not acknowledged by then is left to the will: the connection is
     * dropped without DISCONNECT, so the broker publishes it.
     */
    public void closeForRestart() {
        close(RESTART_COURTESY, true);
    }

    private void close(Duration courtesy, boolean restart) {
        long start = System.nanoTime();
        long deadline = start + settings.closeTimeout().toNanos();
        long courtesyDeadline = Math.min(deadline, start + courtesy.toNanos());
        stopPublishing = true;
        buffer.wake();
        joinQuietly(publisher, courtesyDeadline);
        try {
            window.awaitEmpty(remainingMs(courtesyDeadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        interruptAndJoin(connector, deadline);
        interruptAndJoin(publisher, deadline);
        if (client.isConnected()) {
            try {
                // A report of REBOOTING or ROLLED_BACK is often the last thing a device says before it restarts.
                flushInstall();
                IMqttToken report;
                synchronized (installReport) {
                    report = installToken;
                }
                if (report != null) {
                    report.waitForCompletion(Math.max(100, remainingMs(deadline)));
                }
                publishControl(Topics.status(device),
                        codec.encode(new DeviceStatus(Presence.OFFLINE, clock.getAsLong())), true, null)
                        .waitForCompletion(Math.max(100, remainingMs(courtesyDeadline)));
                // Everything sent is acknowledged (or given up on): no quiesce, only the DISCONNECT (the will is
                // dropped, offline already said).
                client.disconnect(0).waitForCompletion(Math.max(100, remainingMs(courtesyDeadline)));
                log.info("{}: offline, disconnected from {} in {} ms", device, settings.brokerUrl(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (MqttException e) {
                log.warn("{}: could not say offline before disconnecting (the will says it): {}", device,
                        describe(e));
                forceDisconnectQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    /**
     * Batches this session took from the buffer but never had acknowledged, in sequence order: what a session to
     * another broker must send again. Meaningful after {@link #close()}.
     */
    public List<TelemetryBatch> unacknowledgedBatches() {
        java.util.TreeMap<Long, TelemetryBatch> pending = new java.util.TreeMap<>();
        for (TelemetryBatch batch : retry) {
            pending.put(batch.seq(), batch);
        }
        for (InFlightBatch entry : inFlight.values()) {
            pending.put(entry.batch.seq(), entry.batch);
        }
        return List.copyOf(pending.values());
    }

    /** The sequence number the next new batch would get. */
    public long nextSequence() {
        return nextSeq.get();
    }

    /**
     * Continues where a previous session of the same device stopped: its unacknowledged batches go first, with their
     * numbers, and new batches keep counting from {@code nextSequence}. Call before {@link #start()}.
     */
    public void carryOver(List<TelemetryBatch> unacknowledged, long nextSequence) {
        retry.addAll(unacknowledged);
        nextSeq.set(nextSequence);
    }

    /** Cuts the connection without DISCONNECT, like a power cut: the broker publishes the {@code offline} will. */
    public void crash() {
        stopPublishing = true;
        closing = true;
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        interruptAndJoin(connector, deadline);
        interruptAndJoin(publisher, deadline);
        sockets.severAll();
        forceDisconnectQuietly();
        release();
        log.info("{}: crashed on purpose (no offline message)", device);
    }

    private void release() {
        stateLock.lock();
        try {
            connected = false;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        tasks.shutdownNow();
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: close: {}", device, e.toString());
        }
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void joinQuietly(Thread thread, long deadline) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Duration.ofMillis(Math.max(1, remainingMs(deadline))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void interruptAndJoin(Thread thread, long deadline) {
        if (thread != null) {
            thread.interrupt();
            joinQuietly(thread, deadline);
        }
    }
}
