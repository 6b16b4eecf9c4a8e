package io.fleetdeck.model;

import java.util.List;
import java.util.Objects;

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
}
