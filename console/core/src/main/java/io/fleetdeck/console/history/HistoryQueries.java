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
    private static final String SENSOR_KEY = """
            (SELECT s.sensor_key FROM sensors s JOIN devices d ON d.device_key = s.device_key
             WHERE d.device_id = ? AND s.sensor_id = ?)""";

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
     * Thinning: with more than {@code maxPoints} readings in range, the span from the first to the last reading is cut
     * into {@code maxPoints - 1} equal time buckets and each gives its first reading (a real sample, not an average,
     * so a chart shows values that were measured); the last reading in range is always added so a live chart ends at
     * the newest value. Short spikes inside a bucket can be lost; a min/max envelope would keep them.
     */
    List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints) {
        if (maxPoints < 1 || maxPoints > MAX_POINTS) {
            throw new IllegalArgumentException("maxPoints must be 1.." + MAX_POINTS + ", not " + maxPoints);
        }
        if (fromMs > toMs) {
            return List.of();
        }
        String what = "history of " + device + "/" + sensor;
        return withConnection(what, connection -> {
            long count;
            long firstTs;
            long lastTs;
            try (PreparedStatement range = connection.prepareStatement(
                    "SELECT COUNT(*), MIN(ts), MAX(ts) FROM readings WHERE sensor_key = " + SENSOR_KEY
                            + " AND ts BETWEEN ? AND ?")) {
                bindRange(range, device, sensor, fromMs, toMs);
                try (ResultSet rows = range.executeQuery()) {
                    rows.next();
                    count = rows.getLong(1);
                    firstTs = rows.getLong(2);
                    lastTs = rows.getLong(3);
                }
            }
            if (count == 0) {
                return List.of();
            }
            if (count <= maxPoints) {
                return readings(connection, sensor, """
                        SELECT ts, value FROM readings WHERE sensor_key = %s AND ts BETWEEN ? AND ?
                        ORDER BY ts""".formatted(SENSOR_KEY), device, fromMs, toMs, 0, 0);
            }
            if (maxPoints == 1) {
                return readings(connection, sensor, "SELECT ts, value FROM readings WHERE sensor_key = " + SENSOR_KEY
                        + " AND ts BETWEEN ? AND ?", device, lastTs, lastTs, 0, 0);
            }
            // Bucket index (ts - first) * buckets / span is in [0, buckets); with ts below ~2^42 ms (year 2109) and
            // buckets below 2^17 the product stays inside 64 bits. MIN(ts) makes SQLite take value from that row.
            long buckets = maxPoints - 1;
            List<Reading> thinned = new ArrayList<>(readings(connection, sensor, """
                    SELECT MIN(ts), value FROM readings WHERE sensor_key = %s AND ts >= ? AND ts < ?
                    GROUP BY (ts - ?) * ? / ? ORDER BY 1""".formatted(SENSOR_KEY),
                    device, firstTs, lastTs, buckets, lastTs - firstTs));
            thinned.addAll(readings(connection, sensor, "SELECT ts, value FROM readings WHERE sensor_key = "
                    + SENSOR_KEY + " AND ts BETWEEN ? AND ?", device, lastTs, lastTs, 0, 0));
            return thinned;
        });
    }

    long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        return withConnection("scan of " + device + "/" + sensor, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT ts, value FROM readings WHERE "
                    + "sensor_key = " + SENSOR_KEY + " AND ts BETWEEN ? AND ? ORDER BY ts")) {
                bindRange(select, device, sensor, fromMs, toMs);
                long visited = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows.getLong(1), rows.getDouble(2));
                        visited++;
                    }
                }
                return visited;
            }
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
                    SELECT COUNT(*) FROM readings r JOIN sensors s ON s.sensor_key = r.sensor_key
                    JOIN devices d ON d.device_key = s.device_key WHERE d.device_id = ?""")) {
                select.setString(1, device.value());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static List<Reading> readings(Connection connection, String sensor, String sql, DeviceId device,
                                          long fromMs, long toMs, long buckets, long span) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bindRange(select, device, sensor, fromMs, toMs);
            if (buckets > 0) {
                select.setLong(5, fromMs);
                select.setLong(6, buckets);
                select.setLong(7, span);
            }
            List<Reading> readings = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    readings.add(new Reading(sensor, rows.getLong(1), rows.getDouble(2)));
                }
            }
            return readings;
        }
    }

    private static void bindRange(PreparedStatement statement, DeviceId device, String sensor, long fromMs,
                                  long toMs) throws SQLException {
        statement.setString(1, device.value());
        statement.setString(2, sensor);
        statement.setLong(3, fromMs);
        statement.setLong(4, toMs);
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
