package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The read side: a small pool of query-only connections. WAL gives each query a consistent snapshot while the writer
 * keeps committing, so readers never wait for it.
 */
final class HistoryQueries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryQueries.class);
    static final int MAX_POINTS = 100_000;

    private final Path file;
    private final PayloadCodec codec;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    HistoryQueries(Path file, PayloadCodec codec, int connections) throws SQLException {
        this.file = file;
        this.codec = codec;
        this.idle = new ArrayBlockingQueue<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Connection connection = SqliteConnections.openReader(file);
                all.add(connection);
                idle.add(connection);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /**
     * Thinning by {@link MinMaxDecimation}: with more than {@code maxPoints} readings in range, about
     * {@code maxPoints / 2} pixel columns each give their lowest and highest reading, plus the last reading, so a
     * chart keeps the spikes of a million points it cannot draw one by one.
     */
    List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints) {
        if (maxPoints < 1 || maxPoints > MAX_POINTS) {
            throw new IllegalArgumentException("maxPoints must be 1.." + MAX_POINTS + ", not " + maxPoints);
        }
        if (fromMs > toMs) {
            return List.of();
        }
        return withConnection("history of " + device + "/" + sensor, connection -> {
            long sensorKey = sensorKey(connection, device, sensor);
            if (sensorKey < 0) {
                return List.of();
            }
            long firstTs;
            long lastTs;
            try (PreparedStatement bounds = connection.prepareStatement("""
                    SELECT MIN(start_ts), MAX(end_ts), COUNT(*) FROM chunks
                    WHERE sensor_key = ? AND end_ts >= ? AND start_ts <= ?""")) {
                bindChunkRange(bounds, sensorKey, fromMs, toMs);
                try (ResultSet rows = bounds.executeQuery()) {
                    rows.next();
                    if (rows.getLong(3) == 0) {
                        return List.of();
                    }
                    // Bounds of the readings in range, exact unless a chunk straddles the range's ends.
                    firstTs = Math.max(fromMs, rows.getLong(1));
                    lastTs = Math.min(toMs, rows.getLong(2));
                }
            }
            MinMaxDecimation decimation = new MinMaxDecimation(sensor, firstTs, lastTs, maxPoints);
            visitChunks(connection, sensorKey, fromMs, toMs, decimation);
            return decimation.result();
        });
    }

    long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        if (fromMs > toMs) {
            return 0;
        }
        return withConnection("scan of " + device + "/" + sensor, connection -> {
            long sensorKey = sensorKey(connection, device, sensor);
            return sensorKey < 0 ? 0 : visitChunks(connection, sensorKey, fromMs, toMs, ReadingBlock.of(visitor));
        });
    }

    /** Devices that sent an info, by id. Devices known only from readings have no description and are left out. */
    List<StoredDevice> devices() {
        return withConnection("devices", connection -> {
            List<StoredDevice> devices = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT device_id, info_json, last_seen_ms FROM devices
                    WHERE info_json IS NOT NULL ORDER BY device_id""");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    DeviceId id = DeviceId.of(rows.getString(1));
                    try {
                        DeviceInfo info = codec.decodeInfo(rows.getString(2).getBytes(StandardCharsets.UTF_8));
                        devices.add(new StoredDevice(id, info, rows.getLong(3)));
                    } catch (MalformedPayloadException e) {
                        // Kept in the file for a later version that can read it; this one cannot show it.
                        log.warn("Stored description of {} in {} is unreadable: {}", id, file, e.getMessage());
                    }
                }
            }
            return devices;
        });
    }

    /** Sensor ids of a device with stored rows, announced or not, sorted. */
    List<String> sensors(DeviceId device) {
        return withConnection("sensors of " + device, connection -> {
            List<String> sensors = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT s.sensor_id FROM sensors s JOIN devices d ON d.device_key = s.device_key
                    WHERE d.device_id = ? ORDER BY s.sensor_id""")) {
                select.setString(1, device.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sensors.add(rows.getString(1));
                    }
                }
            }
            return sensors;
        });
    }

    long readingCount(DeviceId device) {
        return withConnection("reading count of " + device, connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT COALESCE(SUM(c.count), 0) FROM chunks c JOIN sensors s ON s.sensor_key = c.sensor_key
                    JOIN devices d ON d.device_key = s.device_key WHERE d.device_id = ?""")) {
                select.setString(1, device.value());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** Readings of all devices in the file. */
    long readingCount() {
        return withConnection("reading count", connection -> singleLong(connection,
                "SELECT COALESCE(SUM(count), 0) FROM chunks"));
    }

    /** Bytes of the pages in use, free pages not counted. */
    long storedBytes() {
        return withConnection("stored bytes", connection -> {
            long pages = singleLong(connection, "PRAGMA page_count") - singleLong(connection, "PRAGMA freelist_count");
            return pages * singleLong(connection, "PRAGMA page_size");
        });
    }

    private static long visitChunks(Connection connection, long sensorKey, long fromMs, long toMs,
                                    ReadingBlock sink) throws SQLException {
        ChunkMerger merger = new ChunkMerger(fromMs, toMs, sink);
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT start_ts, end_ts, count, min, max, blob FROM chunks
                WHERE sensor_key = ? AND end_ts >= ? AND start_ts <= ? ORDER BY start_ts""")) {
            bindChunkRange(select, sensorKey, fromMs, toMs);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    merger.add(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getDouble(4), rows.getDouble(5),
                            rows.getBytes(6));
                }
            }
        }
        return merger.finish();
    }

    /** The sensor's key, or -1 when the device or sensor has no row. */
    private static long sensorKey(Connection connection, DeviceId device, String sensor) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.sensor_key FROM sensors s JOIN devices d ON d.device_key = s.device_key
                WHERE d.device_id = ? AND s.sensor_id = ?""")) {
            select.setString(1, device.value());
            select.setString(2, sensor);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    private static void bindChunkRange(PreparedStatement statement, long sensorKey, long fromMs, long toMs)
            throws SQLException {
        statement.setLong(1, sensorKey);
        statement.setLong(2, fromMs);
        statement.setLong(3, toMs);
    }

    private static long singleLong(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, Query<T> query) {
        Connection connection;
        try {
            connection = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryQueryException(file, what, e);
        }
        try {
            if (connection.isClosed()) {
                throw new IllegalStateException("history store " + file + " is closed");
            }
            return query.run(connection);
        } catch (SQLException e) {
            throw new HistoryQueryException(file, what, e);
        } finally {
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing a reader of {} failed", file, e);
            }
        }
    }
}
