package io.fleetdeck.console.history;

import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SensorDescriptor;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the rows of one batch inside the writer's open transaction, in the order the tasks were queued: device
 * descriptions as upserts, readings into chunks ({@link ChunkAppender}). Writer thread only.
 */
final class BatchInserter {
    private final Connection connection;
    private final PayloadCodec codec;
    private final RowKeys keys;
    private final ChunkAppender chunks;

    BatchInserter(Connection connection, PayloadCodec codec) throws SQLException {
        this.connection = connection;
        this.codec = codec;
        this.keys = new RowKeys(connection);
        this.chunks = new ChunkAppender(connection, keys);
    }

    /** Writes the device and reading tasks of {@code batch}; returns the readings stored (duplicates are not). */
    long insert(List<WriteTask> batch) throws SQLException {
        for (WriteTask task : batch) {
            if (task instanceof WriteTask.RecordDevice record) {
                recordDevice(record);
            } else if (task instanceof WriteTask.AppendReadings append) {
                chunks.add(append.device(), append.readings());
            }
        }
        return chunks.write();
    }

    /** After a rollback: no key, chunk id or open chunk remembered from before is trusted again. */
    void forget() {
        chunks.forget();
    }

    /** Packs the open chunks of a closing store into their final rows; inside a transaction. */
    void sealOpenChunks() throws SQLException {
        chunks.sealOpenChunks();
    }

    /** Retention deleted chunks of this sensor, perhaps its open one. */
    void forgetOpenChunk(long sensorKey) {
        chunks.forgetOpenChunk(sensorKey);
    }

    private void recordDevice(WriteTask.RecordDevice record) throws SQLException {
        String json = new String(codec.encode(record.info()), StandardCharsets.UTF_8);
        // An info queued later is newer; the timestamp guard only protects against a caller passing an old one.
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO devices(device_id, info_json, last_seen_ms) VALUES (?, ?, ?)
                ON CONFLICT(device_id) DO UPDATE SET
                    info_json = CASE WHEN excluded.last_seen_ms >= devices.last_seen_ms OR devices.info_json IS NULL
                                     THEN excluded.info_json ELSE devices.info_json END,
                    last_seen_ms = MAX(devices.last_seen_ms, excluded.last_seen_ms)""")) {
            upsert.setString(1, record.device().value());
            upsert.setString(2, json);
            upsert.setLong(3, record.seenAtMs());
            upsert.executeUpdate();
        }
        long deviceKey = keys.deviceKey(record.device());
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO sensors(device_key, sensor_id, kind, unit, label, period_ms) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(device_key, sensor_id) DO UPDATE SET
                    kind = excluded.kind, unit = excluded.unit, label = excluded.label,
                    period_ms = excluded.period_ms""")) {
            for (SensorDescriptor sensor : record.info().sensors()) {
                upsert.setLong(1, deviceKey);
                upsert.setString(2, sensor.id());
                upsert.setString(3, sensor.kind());
                upsert.setString(4, sensor.unit());
                upsert.setString(5, sensor.label());
                upsert.setLong(6, sensor.periodMs());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
