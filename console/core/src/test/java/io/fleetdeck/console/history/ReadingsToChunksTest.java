package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsToChunksTest {
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    /** More than one conversion step for the first sensor. */
    private static final int BIG = ReadingsToChunks.STEP + ReadingsToChunks.STEP / 2;

    @TempDir
    Path dir;

    @Test
    void convertsTheReadingsOfAV3FileIntoChunksAndDropsTheTable() throws Exception {
        Path file = dir.resolve("fleetdeck.db");
        writeV3File(file);

        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            assertStoredAsWritten(store);
            // Writing goes on after the converted chunks.
            store.append(DeviceId.of("pi-1"), List.of(new Reading("cpu_temp", T0 + BIG * 10L, 7.0)));
            store.flush();
            assertThat(store.readingCount(DeviceId.of("pi-1"))).isEqualTo(BIG + 200 + 1);
        }
        assertThat(tables(file)).contains("chunks").doesNotContain("readings");
        assertThat(userVersion(file)).isEqualTo(SchemaMigrations.standard().latestVersion());
    }

    @Test
    void aConversionInterruptedHalfWayGoesOnAtTheNextStart() throws Exception {
        Path file = dir.resolve("fleetdeck.db");
        writeV3File(file);
        // Stands in for a kill -9 after the first step committed: the second step's transaction fails.
        execute(file, """
                CREATE TRIGGER interrupted BEFORE DELETE ON readings
                WHEN (SELECT COUNT(*) FROM chunks) > %d BEGIN SELECT RAISE(ABORT, 'console killed'); END"""
                .formatted(ReadingsToChunks.STEP / OpenChunk.MAX_COUNT));

        assertThatThrownBy(() -> SqliteReadingStore.open(HistorySettings.defaults(dir)))
                .isInstanceOf(HistoryOpenException.class);
        assertThat(tables(file)).contains("chunks", "readings");
        assertThat(count(file, "SELECT SUM(count) FROM chunks")).isEqualTo(ReadingsToChunks.STEP);
        assertThat(count(file, "SELECT COUNT(*) FROM readings")).isEqualTo(BIG - ReadingsToChunks.STEP + 3 * 100);

        execute(file, "DROP TRIGGER interrupted");
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            assertStoredAsWritten(store);
        }
        assertThat(tables(file)).doesNotContain("readings");
    }

    private static void assertStoredAsWritten(SqliteReadingStore store) {
        DeviceId pi1 = DeviceId.of("pi-1");
        DeviceId pi2 = DeviceId.of("pi-2");
        assertThat(store.readingCount(pi1)).isEqualTo(BIG + 200);
        assertThat(store.readingCount(pi2)).isEqualTo(100);
        assertThat(store.sensors(pi1)).containsExactly("cpu_temp", "fan_rpm", "humidity");
        List<Reading> cpu = new ArrayList<>();
        store.scan(pi1, "cpu_temp", 0, Long.MAX_VALUE, (ts, value) -> cpu.add(new Reading("cpu_temp", ts, value)));
        assertThat(cpu).hasSize(BIG).isEqualTo(v3Readings("cpu_temp", BIG, 10, 0.5));
        assertThat(store.history(pi2, "humidity", 0, Long.MAX_VALUE, 1000))
                .isEqualTo(v3Readings("humidity", 100, 1000, 3.0));
        assertThat(store.devices()).isEmpty();
    }

    /** A file as the console of schema v3 left it: two devices, several sensors, one with two steps of readings. */
    private static void writeV3File(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            new SchemaMigrations(SchemaMigrations.standard().migrations().subList(0, 3)).migrate(connection, file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO devices(device_key, device_id) VALUES (1, 'pi-1'), (2, 'pi-2')");
                statement.execute("""
                        INSERT INTO sensors(sensor_key, device_key, sensor_id) VALUES
                        (1, 1, 'cpu_temp'), (2, 1, 'humidity'), (3, 1, 'fan_rpm'), (4, 2, 'humidity')""");
            }
            connection.setAutoCommit(false);
            insert(connection, 1, v3Readings("cpu_temp", BIG, 10, 0.5));
            insert(connection, 2, v3Readings("humidity", 100, 1000, 1.0));
            insert(connection, 3, v3Readings("fan_rpm", 100, 1000, 2.0));
            insert(connection, 4, v3Readings("humidity", 100, 1000, 3.0));
            connection.commit();
        }
    }

    private static List<Reading> v3Readings(String sensor, int count, long stepMs, double scale) {
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(new Reading(sensor, T0 + i * stepMs, i * scale));
        }
        return readings;
    }

    private static void insert(Connection connection, long sensorKey, List<Reading> readings) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO readings(sensor_key, ts, value) VALUES (?, ?, ?)")) {
            for (Reading reading : readings) {
                insert.setLong(1, sensorKey);
                insert.setLong(2, reading.ts());
                insert.setDouble(3, reading.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int userVersion(Path file) throws SQLException {
        return (int) count(file, "PRAGMA user_version");
    }

    private static List<String> tables(Path file) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
