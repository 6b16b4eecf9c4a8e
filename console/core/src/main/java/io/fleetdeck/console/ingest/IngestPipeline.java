package io.fleetdeck.console.ingest;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.gpio.GpioStates;
import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceTopic;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.InvalidIdentifierException;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.Topics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns MQTT messages into fleet state: decode strictly, then update the registry, queue history writes and feed
 * live charts. Runs on the MQTT client's callback thread and never blocks on disk or the UI; a bad message is
 * refused whole, counted against its device and logged once.
 */
public final class IngestPipeline {
    /** How far a reading may be stamped ahead of the console's clock: clocks drift, but not by an hour. */
    public static final long MAX_CLOCK_AHEAD_MS = 60 * 60_000L;

    private final PayloadCodec codec;
    private final FleetRegistry registry;
    private final ReadingStore store;
    private final LiveFeedHub feed;
    private final Clock clock;
    private final RejectionLog rejections = new RejectionLog();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong acceptedReadings = new AtomicLong();
    private final AtomicLong repeatedBatches = new AtomicLong();
    private final ResentBatches resent = new ResentBatches();
    private final GpioStates gpio = new GpioStates();

    public IngestPipeline(PayloadCodec codec, FleetRegistry registry, ReadingStore store, LiveFeedHub feed,
                          Clock clock) {
        this.codec = codec;
        this.registry = registry;
        this.store = store;
        this.feed = feed;
        this.clock = clock;
    }

    /** The pins and levels each device last reported on its {@code gpio} topic. */
    public GpioStates gpioStates() {
        return gpio;
    }

    /** Handles one message; never throws for bad input. */
    public void accept(String topic, byte[] payload) {
        accept(topic, payload, () -> {
        });
    }

    /**
     * Handles one message and runs {@code acknowledge} once it is safe: telemetry when its readings are committed to
     * the history (from the history's writer thread), everything else before returning. A message refused as bad is
     * acknowledged too: redelivering it would only refuse it again.
     */
    public void accept(String topic, byte[] payload, Runnable acknowledge) {
        if (!handle(topic, payload, acknowledge)) {
            acknowledge.run();
        }
    }

    /** Returns true when it handed {@code acknowledge} on (to the history), false when the caller must run it. */
    private boolean handle(String topic, byte[] payload, Runnable acknowledge) {
        messages.incrementAndGet();
        Optional<DeviceTopic> parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (InvalidIdentifierException e) {
            registry.recordUnattributedRejection();
            rejections.rejected("topic " + Identifiers.quote(topic), "invalid-id", e.getMessage());
            return false;
        }
        if (parsed.isEmpty()) {
            return false;
        }
        DeviceId device = parsed.get().device();
        // An empty retained message only clears the broker's copy; there is nothing to decode.
        if (payload.length == 0) {
            return false;
        }
        long now = clock.millis();
        try {
            switch (parsed.get().kind()) {
                case INFO -> {
                    DeviceInfo info = codec.decodeInfo(payload);
                    registry.recordInfo(device, info, now);
                    store.recordDevice(device, info, now);
                }
                case STATUS -> registry.recordStatus(device, codec.decodeStatus(payload), now);
                case TELEMETRY -> {
                    return acceptTelemetry(device, codec.decodeTelemetry(payload), now, acknowledge);
                }
                case EVENTS -> registry.recordEvent(device, codec.decodeEvent(payload), now);
                case INSTALL -> registry.recordInstall(device, codec.decodeInstall(payload), now);
                case GPIO -> gpio.record(device, codec.decodeGpio(payload));
                case COMMAND -> {
                    // Requests to devices pass through the same broker; they are not fleet state.
                }
            }
        } catch (MalformedPayloadException e) {
            registry.recordRejection(device, e.getMessage(), 1);
            rejections.rejected(device.value(), e.payloadType() + "/" + e.reason(), e.getMessage());
        }
        return false;
    }

    private boolean acceptTelemetry(DeviceId device, TelemetryBatch batch, long now, Runnable acknowledge) {
        if (resent.isRepeat(device, batch)) {
            // Delivered before: the charts and counts must not get them twice. The history ignores readings it has,
            // and acknowledging through it keeps this PUBACK behind the commit of the first copy.
            repeatedBatches.incrementAndGet();
            store.append(device, batch.readings(), acknowledge);
            return true;
        }
        List<Reading> readings = batch.readings();
        Optional<DeviceInfo> info = registry.info(device);
        if (info.isPresent()) {
            // Batches come grouped by sensor: look a sensor up once per run of its readings, not once per reading.
            String checked = null;
            boolean announced = false;
            String unknownSensor = null;
            List<Reading> known = null;
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                if (!reading.sensor().equals(checked)) {
                    checked = reading.sensor();
                    announced = info.get().sensor(checked) != null;
                }
                if (!announced) {
                    unknownSensor = reading.sensor();
                    if (known == null) {
                        known = new ArrayList<>(readings.subList(0, i));
                    }
                } else if (known != null) {
                    known.add(reading);
                }
            }
            if (known == null) {
                known = readings;
            }
            if (unknownSensor != null) {
                String reason = (readings.size() - known.size()) + " reading(s) of unannounced sensor "
                        + Identifiers.quote(unknownSensor) + " dropped";
                registry.recordRejection(device, reason, readings.size() - known.size());
                rejections.rejected(device.value(), "unknown-sensor/" + unknownSensor, reason);
            }
            readings = known;
        }
        readings = withoutFutureReadings(device, readings, now);
        if (readings.isEmpty()) {
            return false;
        }
        acceptedReadings.addAndGet(readings.size());
        registry.recordReadings(device, readings, now);
        store.append(device, readings, acknowledge);
        feed.publish(device, readings);
        return true;
    }

    /**
     * Drops readings stamped further ahead of the console's clock than {@link #MAX_CLOCK_AHEAD_MS}: a wrong clock or a
     * hostile device would otherwise put points where no chart window looks and that retention never prunes.
     */
    private List<Reading> withoutFutureReadings(DeviceId device, List<Reading> readings, long now) {
        long limit = now + MAX_CLOCK_AHEAD_MS;
        List<Reading> kept = null;
        for (int i = 0; i < readings.size(); i++) {
            if (readings.get(i).ts() > limit && kept == null) {
                kept = new ArrayList<>(readings.subList(0, i));
            } else if (readings.get(i).ts() <= limit && kept != null) {
                kept.add(readings.get(i));
            }
        }
        if (kept == null) {
            return readings;
        }
        int dropped = readings.size() - kept.size();
        String reason = dropped + " reading(s) stamped more than " + MAX_CLOCK_AHEAD_MS / 60_000
                + " min ahead of the console's clock dropped (is the device's clock set?)";
        registry.recordRejection(device, reason, dropped);
        rejections.rejected(device.value(), "future-timestamp", reason);
        return kept;
    }

    /** Messages seen, good or bad. */
    public long messages() {
        return messages.get();
    }

    /** Telemetry batches a device sent again (same {@code seq}, same readings) and that were therefore skipped. */
    public long repeatedBatches() {
        return repeatedBatches.get();
    }

    /** Readings that passed every check. */
    public long acceptedReadings() {
        return acceptedReadings.get();
    }
}
