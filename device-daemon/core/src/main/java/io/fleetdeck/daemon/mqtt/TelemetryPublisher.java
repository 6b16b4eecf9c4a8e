package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.daemon.telemetry.EventSink;
import io.fleetdeck.daemon.telemetry.ReadingBuffer;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static io.fleetdeck.daemon.mqtt.Deadlines.interruptAndJoin;
import static io.fleetdeck.daemon.mqtt.Deadlines.joinQuietly;
import static io.fleetdeck.daemon.mqtt.Deadlines.remainingMs;
import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Drains the reading buffer into QoS 1 telemetry batches on its own thread while connected, with at most a window's
 * worth awaiting PUBACK. A batch settles exactly once: acknowledged (and counted), or put back at the front of the
 * queue, when Paho refused it or its connection dropped, to go again with its original {@code seq}.
 *
 * <p>Batches are encoded once, in the session's {@link MqttSettings#telemetryEncoding()}, and a re-sent batch goes
 * out as the same bytes. Batches carried over from a session to another broker are encoded for that broker's console,
 * which may not read what the previous one did.
 */
final class TelemetryPublisher {
    private static final Logger log = LoggerFactory.getLogger(TelemetryPublisher.class);

    private final DeviceId device;
    private final MqttSettings settings;
    private final ReadingBuffer buffer;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final SessionConnection connection;
    private final QosOnePublisher publisher;
    private final EventSink events;
    private final AtomicLong acknowledgedReadings;
    private final Set<String> acknowledgedSensors;
    private final InFlightWindow window;
    private final ConcurrentHashMap<Long, InFlightBatch> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<EncodedBatch> retry = new ConcurrentLinkedDeque<>();
    private final AtomicLong nextSeq = new AtomicLong();
    private volatile boolean stopPublishing;
    private Thread thread;

    /**
     * @param events               where a report of dropped readings goes
     * @param acknowledgedReadings counts readings whose batch the broker acknowledged
     * @param acknowledgedSensors  collects the ids of sensors with a finite reading the broker acknowledged
     */
    TelemetryPublisher(DeviceId device, MqttSettings settings, ReadingBuffer buffer, PayloadCodec codec,
                       LongSupplier clock, SessionConnection connection, QosOnePublisher publisher, EventSink events,
                       AtomicLong acknowledgedReadings, Set<String> acknowledgedSensors) {
        this.device = Objects.requireNonNull(device, "device");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.events = Objects.requireNonNull(events, "events");
        this.acknowledgedReadings = Objects.requireNonNull(acknowledgedReadings, "acknowledgedReadings");
        this.acknowledgedSensors = Objects.requireNonNull(acknowledgedSensors, "acknowledgedSensors");
        this.window = new InFlightWindow(settings.inFlightWindow());
    }

    /** Starts publishing in the background; returns at once. */
    void start() {
        thread = Thread.ofVirtual().name("mqtt-publish-" + device).start(this::publishLoop);
    }

    /** Sets how many batches may await PUBACK on the connection being set up, from what its broker announced. */
    void limitWindow(int limit) {
        window.setLimit(limit);
    }

    private void publishLoop() {
        try {
            while (true) {
                if (!connection.awaitConnected(() -> stopPublishing)) {
                    return;
                }
                reportDrops();
                EncodedBatch batch = retry.pollFirst();
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
                    // Grouped, so the batch is the same list in either encoding (see TelemetryBatch#groupedBySensor).
                    batch = encode(new TelemetryBatch(nextSeq.getAndIncrement(), readings).groupedBySensor());
                }
                window.acquire();
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EncodedBatch encode(TelemetryBatch batch) {
        TelemetryEncoding encoding = settings.telemetryEncoding();
        return new EncodedBatch(batch, encoding, codec.encodeTelemetry(batch, encoding));
    }

    private void send(EncodedBatch encoded) throws InterruptedException {
        TelemetryBatch batch = encoded.batch();
        InFlightBatch entry = new InFlightBatch(encoded);
        inFlight.put(batch.seq(), entry);
        MqttMessage message = QosOnePublisher.telemetryMessage(encoded.payload(), encoded.encoding());
        while (true) {
            if (!connection.isConnected()) {
                fail(entry);
                return;
            }
            try {
                publisher.publishOnce(Topics.telemetry(device), message, entry);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == QosOnePublisher.REASON_MAX_INFLIGHT && !entry.settled.get()) {
                    publisher.countWindowFull();
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
            retry.addFirst(entry.encoded);
            window.release();
        }
    }

    /** The connection dropped: every batch still awaiting PUBACK goes back to the front of the queue. */
    void requeueInFlight() {
        for (InFlightBatch entry : List.copyOf(inFlight.values())) {
            fail(entry);
        }
    }

    private void reportDrops() {
        long dropped = buffer.takeDropped();
        if (dropped > 0) {
            String text = "dropped " + dropped + " oldest readings: the buffer of " + buffer.capacity()
                    + " was full while the broker was unreachable or slow";
            log.warn("{}: {}", device, text);
            events.publish(new DeviceEvent(clock.getAsLong(), EventLevel.WARN, "telemetry-dropped", text));
        }
    }

    /**
     * Stops taking new readings, sends what the buffer holds without lingering, and waits until {@code deadline} for
     * the thread to finish and for the broker to acknowledge what is in flight.
     */
    void drain(long deadline) {
        stopPublishing = true;
        buffer.wake();
        joinQuietly(thread, deadline);
        try {
            window.awaitEmpty(remainingMs(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops publishing at the next connection check, without waking a drain or waiting: a crash sends nothing. */
    void abandon() {
        stopPublishing = true;
    }

    /** Interrupts the publishing thread and waits for it to end, at most until {@code deadline}. */
    void stop(long deadline) {
        interruptAndJoin(thread, deadline);
    }

    /** Readings whose batch the broker acknowledged. */
    long acknowledgedReadings() {
        return acknowledgedReadings.get();
    }

    /** Batches taken from the buffer but never acknowledged, in sequence order. */
    List<TelemetryBatch> unacknowledgedBatches() {
        TreeMap<Long, TelemetryBatch> pending = new TreeMap<>();
        for (EncodedBatch encoded : retry) {
            pending.put(encoded.batch().seq(), encoded.batch());
        }
        for (InFlightBatch entry : inFlight.values()) {
            pending.put(entry.batch.seq(), entry.batch);
        }
        return List.copyOf(pending.values());
    }

    /** The sequence number the next new batch would get. */
    long nextSequence() {
        return nextSeq.get();
    }

    /** Sends {@code unacknowledged} first, with their numbers, and numbers new batches from {@code nextSequence}. */
    void carryOver(List<TelemetryBatch> unacknowledged, long nextSequence) {
        for (TelemetryBatch batch : unacknowledged) {
            retry.add(encode(batch));
        }
        nextSeq.set(nextSequence);
    }

    /** A telemetry batch awaiting PUBACK; settles exactly once, whichever of ack, failure or disconnect comes first. */
    private final class InFlightBatch implements MqttActionListener {
        final EncodedBatch encoded;
        final TelemetryBatch batch;
        final AtomicBoolean settled = new AtomicBoolean();

        InFlightBatch(EncodedBatch encoded) {
            this.encoded = encoded;
            this.batch = encoded.batch();
        }

        @Override
        public void onSuccess(IMqttToken token) {
            // A PUBACK with an error code (e.g. the console's history did not commit in time) is not a delivery:
            // the batch goes again, and the console ignores readings it already has.
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                log.warn("Batch {} of {} not taken (PUBACK reason 0x{}); sending it again", batch.seq(), device,
                        Integer.toHexString(codes[0]));
                fail(this);
            } else {
                succeed(this);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            fail(this);
        }
    }

    /** A batch with the bytes it goes out as, every time it goes out. */
    private record EncodedBatch(TelemetryBatch batch, TelemetryEncoding encoding, byte[] payload) {
    }
}
