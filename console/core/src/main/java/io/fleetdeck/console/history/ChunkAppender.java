package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the readings of one transaction into chunk rows: per sensor, sorted, equal timestamps kept once; readings
 * newer than everything stored go into the sensor's open chunk (the fast path), older ones through
 * {@link LateReadings}. Every open chunk touched is written before the commit, so each acknowledged reading is in the
 * file. Writer thread only.
 */
final class ChunkAppender {
    private final RowKeys keys;
    private final ChunkIds ids;
    private final ChunkStatements statements;
    private final LateReadings late;
    private final PreparedStatement lastStored;
    private final Map<DeviceId, Map<String, SensorChunks>> sensors = new HashMap<>();
    private final List<SensorChunks> touched = new ArrayList<>();

    ChunkAppender(Connection connection, RowKeys keys) throws SQLException {
        this.keys = keys;
        this.ids = new ChunkIds(connection);
        this.statements = new ChunkStatements(connection);
        this.late = new LateReadings(connection);
        this.lastStored = connection.prepareStatement("SELECT MAX(end_ts) FROM chunks WHERE sensor_key = ?");
    }

    /** Takes the readings of one append into the transaction being built. */
    void add(DeviceId device, List<Reading> readings) throws SQLException {
        Map<String, SensorChunks> bySensor = sensors.get(device);
        if (bySensor == null) {
            bySensor = new HashMap<>();
            sensors.put(device, bySensor);
        }
        long deviceKey = -1;
        // Batches come grouped by sensor: the previous reading's sensor is usually this one's.
        String lastId = null;
        SensorChunks sensor = null;
        for (Reading reading : readings) {
            if (!reading.sensor().equals(lastId)) {
                lastId = reading.sensor();
                sensor = bySensor.get(lastId);
            }
            if (sensor == null) {
                if (deviceKey < 0) {
                    deviceKey = keys.deviceKey(device);
                }
                sensor = new SensorChunks(keys.sensorKey(deviceKey, reading.sensor()));
                bySensor.put(reading.sensor(), sensor);
            }
            if (sensor.pending == 0) {
                touched.add(sensor);
            }
            sensor.addPending(reading.ts(), reading.value());
        }
    }

    /** Writes the chunk rows of everything added since the last call; returns the readings stored (not duplicates). */
    long write() throws SQLException {
        long stored = 0;
        for (SensorChunks sensor : touched) {
            stored += write(sensor);
        }
        touched.clear();
        statements.execute();
        return stored;
    }

    /**
     * After a rollback: forget every open chunk, cached key and chunk id. The next readings of each sensor start a new
     * chunk after its newest stored timestamp, read again from the file.
     */
    void forget() {
        sensors.clear();
        touched.clear();
        keys.forget();
        ids.forget();
        try {
            statements.clear();
        } catch (SQLException e) {
            throw new IllegalStateException("clearing batched chunk rows failed", e);
        }
    }

    /**
     * Retention deleted chunks of this sensor, perhaps the open one: its next readings start a new chunk after the
     * newest timestamp still stored. Between transactions only.
     */
    void forgetOpenChunk(long sensorKey) {
        for (Map<String, SensorChunks> bySensor : sensors.values()) {
            for (SensorChunks sensor : bySensor.values()) {
                if (sensor.sensorKey == sensorKey) {
                    sensor.open = null;
                    sensor.lastStoredTs = SensorChunks.UNKNOWN;
                }
            }
        }
    }

    private int write(SensorChunks sensor) throws SQLException {
        sensor.sortAndDeduplicatePending();
        long[] ts = sensor.pendingTs;
        double[] values = sensor.pendingValues;
        int count = sensor.pending;
        sensor.pending = 0;
        long newest = lastStoredTs(sensor);
        int late = 0;
        while (late < count && ts[late] <= newest) {
            late++;
        }
        int stored = late == 0 ? 0 : this.late.store(sensor.sensorKey, ts, values, late, statements, ids);
        if (late == count) {
            return stored;
        }
        OpenChunk open = sensor.open;
        if (open == null) {
            open = new OpenChunk();
            sensor.open = open;
        }
        for (int i = late; i < count; i++) {
            if (!open.accepts(ts[i])) {
                open.write(sensor.sensorKey, statements, ids, true);
                open.restart();
            }
            open.add(ts[i], values[i]);
        }
        open.write(sensor.sensorKey, statements, ids, false);
        sensor.lastStoredTs = ts[count - 1];
        return stored + count - late;
    }

    /**
     * Packs every open chunk into its final row, for a store that is closing: the next readings start new chunks
     * anyway. Call inside a transaction; {@link #forget} after a rollback.
     */
    void sealOpenChunks() throws SQLException {
        for (Map<String, SensorChunks> bySensor : sensors.values()) {
            for (SensorChunks sensor : bySensor.values()) {
                OpenChunk open = sensor.open;
                if (open != null && !open.isEmpty()) {
                    open.write(sensor.sensorKey, statements, ids, true);
                    open.restart();
                }
            }
        }
        statements.execute();
    }

    private long lastStoredTs(SensorChunks sensor) throws SQLException {
        if (sensor.lastStoredTs == SensorChunks.UNKNOWN) {
            lastStored.setLong(1, sensor.sensorKey);
            try (ResultSet rows = lastStored.executeQuery()) {
                rows.next();
                long max = rows.getLong(1);
                // No chunk yet: every timestamp is new (timestamps are positive).
                sensor.lastStoredTs = rows.wasNull() ? 0 : max;
            }
        }
        return sensor.lastStoredTs;
    }
}
