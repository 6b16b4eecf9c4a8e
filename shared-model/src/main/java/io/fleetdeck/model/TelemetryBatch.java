package io.fleetdeck.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A batch of readings on {@code fleetdeck/v1/<id>/telemetry}, published at QoS 1. Batching keeps the per-message
 * cost of MQTT and SQLite off the per-reading path.
 *
 * @param v        protocol version
 * @param seq      counts batches from 0 per daemon run; a batch re-sent after a reconnect keeps its number, so
 *                 consumers can count gaps and recognise repeats
 * @param readings 1 to {@link #MAX_READINGS} readings
 */
public record TelemetryBatch(int v, long seq, List<Reading> readings) {
    public static final int MAX_READINGS = 1000;

    public TelemetryBatch {
        readings = List.copyOf(Objects.requireNonNull(readings, "readings"));
        if (readings.isEmpty() || readings.size() > MAX_READINGS) {
            throw new IllegalArgumentException("a batch holds 1.." + MAX_READINGS + " readings, not " + readings.size());
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq is negative: " + seq);
        }
    }

    public TelemetryBatch(long seq, List<Reading> readings) {
        this(ProtocolVersion.CURRENT, seq, readings);
    }

    /**
     * This batch with its readings grouped by sensor (sensors in order of first appearance, each sensor's readings in
     * their order): the order in which a compact payload carries and decodes them. A publisher that groups its batches
     * before encoding sends the same list whichever encoding it uses, so a batch re-sent in the other encoding is
     * still recognised as a repeat.
     */
    public TelemetryBatch groupedBySensor() {
        String previous = null;
        Set<String> done = new HashSet<>();
        for (Reading reading : readings) {
            if (!reading.sensor().equals(previous)) {
                if (!done.add(reading.sensor())) {
                    return TelemetryColumns.of(this).toBatch();
                }
                previous = reading.sensor();
            }
        }
        return this;
    }
}
