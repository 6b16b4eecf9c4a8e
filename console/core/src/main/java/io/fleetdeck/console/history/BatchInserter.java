package io.fleetdeck.console.history;

import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Writes the rows of one batch inside the writer's open transaction, in the order the tasks were queued: device
 * descriptions as upserts, readings as multi-row inserts that skip duplicates. Writer thread only.
 */
final class BatchInserter {
    /**
     * Rows per multi-row insert, executed as soon as they are bound so the driver never holds a whole backlog.
     * SQLite allows 32,766 host parameters; 100 rows × 3 stays far below and amortises the per-execution cost.
     */
    static final int ROWS_PER_INSERT = 100;
    private static final String MULTI_ROW_INSERT = "INSERT OR IGNORE INTO readings(sensor_key, ts, value) VALUES "
            + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?)"));

    private final Connection connection;
    private final PayloadCodec codec;
    private final RowKeys keys;
    /** The rows of a multi-row insert not yet executed, kept for the single-row tail of a batch. */
    private final long[] rowKeys = new long[ROWS_PER_INSERT];
    private final long[] rowTs = new long[ROWS_PER_INSERT];
    private final double[] rowValues = new double[ROWS_PER_INSERT];

    BatchInserter(Connection connection, PayloadCodec codec) {
        this.connection = connection;
        this.codec = codec;
        this.keys = new RowKeys(connection);
    }

    /** Writes the device and reading tasks of {@code batch}; returns the readings inserted (duplicates are not). */
    long insert(List<WriteTask> batch) throws SQLException {
        long inserted = 0;
        try (PreparedStatement many = connection.prepareStatement(MULTI_ROW_INSERT);
             PreparedStatement one = connection.prepareStatement(
                     "INSERT OR IGNORE INTO readings(sensor_key, ts, value) VALUES (?, ?, ?)")) {
            int rows = 0;
            for (WriteTask task : batch) {
                if (task instanceof WriteTask.RecordDevice record) {
                    recordDevice(record);
                } else if (task instanceof WriteTask.AppendReadings append) {
                    long deviceKey = keys.deviceKey(append.device());
                    for (Reading reading : append.readings()) {
                        // One statement per ROWS_PER_INSERT readings: sqlite-jdbc pays a JNI step and reset per
                        // execution, which dominated the writer with single-row inserts.
                        int column = (rows % ROWS_PER_INSERT) * 3;
                        long sensorKey = keys.sensorKey(deviceKey, reading.sensor());
                        many.setLong(column + 1, sensorKey);
                        many.setLong(column + 2, reading.ts());
                        many.setDouble(column + 3, reading.value());
                        rowKeys[rows % ROWS_PER_INSERT] = sensorKey;
                        rowTs[rows % ROWS_PER_INSERT] = reading.ts();
                        rowValues[rows % ROWS_PER_INSERT] = reading.value();
                        if (++rows % ROWS_PER_INSERT == 0) {
                            inserted += many.executeUpdate();
                        }
                    }
                }
            }
            int rest = rows % ROWS_PER_INSERT;
            for (int i = 0; i < rest; i++) {
                one.setLong(1, rowKeys[i]);
                one.setLong(2, rowTs[i]);
                one.setDouble(3, rowValues[i]);
                one.addBatch();
            }
            if (rest > 0) {
                inserted += sum(one.executeBatch());
            }
        }
        return inserted;
    }

    /** After a rollback, so no key cached in the failed transaction is used again. */
    void forgetKeys() {
        keys.forget();
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

    private static long sum(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += Math.max(0, count);
        }
        return total;
    }
}
