package io.fleetdeck.console.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converts the one-row-per-reading table of schema v1-v3 into chunks, at open, before the writer starts. Per sensor
 * in timestamp order, {@link #STEP} readings per transaction: each transaction inserts their chunks and deletes the
 * rows it converted, so the rows left in {@code readings} are exactly those still to convert. A console killed
 * half-way simply goes on from there at its next start; the table is dropped once it is empty.
 */
final class ReadingsToChunks {
    private static final Logger log = LoggerFactory.getLogger(ReadingsToChunks.class);
    /** The schema version that has the chunks table. */
    static final int SCHEMA_VERSION = 4;
    /** Readings per transaction: a whole number of full chunks, a few MB of memory and a short write lock. */
    static final int STEP = 50 * OpenChunk.MAX_COUNT;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ReadingsToChunks() {
    }

    /** Converts what is left of the {@code readings} table, if there is one; returns the readings converted. */
    static long convert(Connection connection, Path file) throws SQLException {
        if (!hasReadingsTable(connection)) {
            return 0;
        }
        long total = count(connection, "SELECT COUNT(*) FROM readings");
        if (total > 0) {
            log.info("Converting {} readings of history {} into chunks", total, file);
        }
        ChunkIds ids = new ChunkIds(connection);
        long converted = 0;
        long started = System.nanoTime();
        long lastLog = started;
        try (ChunkStatements statements = new ChunkStatements(connection);
             PreparedStatement select = connection.prepareStatement(
                "SELECT ts, value FROM readings WHERE sensor_key = ? ORDER BY ts LIMIT " + STEP);
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM readings WHERE sensor_key = ? AND ts <= ?")) {
            long[] ts = new long[STEP];
            double[] values = new double[STEP];
            for (long sensorKey : sensorKeys(connection)) {
                int read;
                do {
                    Transactions.begin(connection);
                    try {
                        select.setLong(1, sensorKey);
                        read = 0;
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                ts[read] = rows.getLong(1);
                                values[read] = rows.getDouble(2);
                                read++;
                            }
                        }
                        if (read > 0) {
                            statements.insertSplit(sensorKey, ts, values, 0, read, ids);
                            statements.execute();
                            delete.setLong(1, sensorKey);
                            delete.setLong(2, ts[read - 1]);
                            delete.executeUpdate();
                        }
                        Transactions.commit(connection);
                    } catch (SQLException | RuntimeException e) {
                        statements.clear();
                        ids.forget();
                        Transactions.rollbackQuietly(connection);
                        throw e;
                    }
                    converted += read;
                    if (System.nanoTime() - lastLog > PROGRESS_EVERY_NANOS) {
                        lastLog = System.nanoTime();
                        log.info("Converting history {}: {} of {} readings done", file, converted, total);
                    }
                } while (read == STEP);
            }
        }
        long left = count(connection, "SELECT COUNT(*) FROM readings");
        if (left > 0) {
            // Rows of a sensor missing from the sensors table, which the foreign key forbids; kept, not lost.
            log.warn("History {} keeps {} readings it could not convert (no such sensor)", file, left);
        } else {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE readings");
            }
        }
        if (total > 0) {
            log.info("Converted {} readings of history {} into chunks in {} ms", converted, file,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return converted;
    }

    private static boolean hasReadingsTable(Connection connection) throws SQLException {
        return count(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'readings'") > 0;
    }

    private static List<Long> sensorKeys(Connection connection) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT sensor_key FROM sensors ORDER BY 1");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(rows.getLong(1));
            }
        }
        return keys;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
