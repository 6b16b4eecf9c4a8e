package io.fleetdeck.bench;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts what a console's history file holds, from the file itself after the console closed it: rows with a query
 * on whichever table holds readings ({@code chunks}, one row per sensor and time chunk with a {@code count}, or the
 * older {@code readings}, one row per reading), distinct (sensor, timestamp) pairs, and the file's size.
 */
final class HistoryRecount {
    private HistoryRecount() {
    }

    /**
     * @param table      the table counted: {@code chunks} or {@code readings}
     * @param rows       readings the table holds, a reading stored twice counted twice
     * @param distinct   distinct (device, sensor, timestamp) readings
     * @param fileBytes  the database file plus its WAL, after a checkpoint
     */
    record Counted(String table, long rows, long distinct, long fileBytes) {
        /** Readings stored more than once under the same sensor and millisecond. */
        long duplicates() {
            return rows - distinct;
        }

        double bytesPerReading() {
            return distinct == 0 ? Double.NaN : (double) fileBytes / distinct;
        }
    }

    /** Recounts the history in {@code dataDirectory}; no console may have it open. */
    static Counted count(Path dataDirectory) throws SQLException, IOException {
        Path file = HistorySettings.defaults(dataDirectory).file();
        if (!Files.exists(file)) {
            throw new IllegalStateException("no history file " + file + " to recount");
        }
        String table;
        long rows;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            // Folds the WAL into the file, so its size is what the readings take at rest.
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            table = readingTable(statement, file);
            rows = single(statement, table.equals("chunks") ? "SELECT COALESCE(SUM(count), 0) FROM chunks"
                    : "SELECT COUNT(*) FROM readings");
        }
        // The readings table's key is (sensor, ts), so it cannot hold a reading twice; chunks can (a redelivered
        // batch landing in a second chunk), so their readings are read back and compared.
        long distinct = table.equals("readings") ? rows : distinctReadings(dataDirectory);
        long bytes = Files.size(file) + sizeIfExists(file.resolveSibling(file.getFileName() + "-wal"));
        return new Counted(table, rows, distinct, bytes);
    }

    private static String readingTable(Statement statement, Path file) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet names = statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('chunks', 'readings')")) {
            while (names.next()) {
                tables.add(names.getString(1));
            }
        }
        if (tables.contains("chunks")) {
            return "chunks";
        }
        if (tables.contains("readings")) {
            return "readings";
        }
        throw new IllegalStateException(file + " has neither a chunks nor a readings table");
    }

    /** Through the console's own store, which knows how chunks are encoded; one sensor in memory at a time. */
    private static long distinctReadings(Path dataDirectory) throws SQLException {
        List<DeviceId> devices = new ArrayList<>();
        Path file = HistorySettings.defaults(dataDirectory).file();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet ids = statement.executeQuery("SELECT device_id FROM devices")) {
            while (ids.next()) {
                devices.add(DeviceId.of(ids.getString(1)));
            }
        }
        long distinct = 0;
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dataDirectory)
                .withRetention(java.time.Duration.ZERO))) {
            for (DeviceId device : devices) {
                for (String sensor : store.sensors(device)) {
                    TimestampSet seen = new TimestampSet();
                    store.scan(device, sensor, Long.MIN_VALUE, Long.MAX_VALUE, (ts, value) -> seen.add(ts));
                    distinct += seen.distinct();
                }
            }
        }
        return distinct;
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long sizeIfExists(Path path) throws IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }

    /** Timestamps of one sensor, in whatever order the store gives them; distinct ones counted after a sort. */
    static final class TimestampSet {
        private long[] values = new long[1024];
        private int size;

        void add(long ts) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = ts;
        }

        long distinct() {
            Arrays.sort(values, 0, size);
            long distinct = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || values[i] != values[i - 1]) {
                    distinct++;
                }
            }
            return distinct;
        }
    }
}
