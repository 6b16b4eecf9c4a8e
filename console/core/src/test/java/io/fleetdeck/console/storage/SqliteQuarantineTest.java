package io.fleetdeck.console.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteQuarantineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T08:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNothingToCheck() throws Exception {
        assertThat(SqliteQuarantine.checkOrMoveAside(dir.resolve("none.db"), CLOCK)).isEmpty();
        assertThat(dir.resolve("none.db")).doesNotExist();
    }

    @Test
    void aSoundDatabaseStaysWhereItIs() throws Exception {
        Path file = database(dir.resolve("good.db"));

        assertThat(SqliteQuarantine.checkOrMoveAside(file, CLOCK)).isEmpty();
        assertThat(rows(file)).isEqualTo(20_000);
    }

    @Test
    void aFileThatIsNoDatabaseIsMovedAside() throws Exception {
        Path file = Files.writeString(dir.resolve("history.db"),
                "this is not an SQLite file, whatever its name says\n".repeat(100));

        Path aside = SqliteQuarantine.checkOrMoveAside(file, CLOCK).orElseThrow();

        assertThat(aside).isEqualTo(dir.resolve("history.db.corrupt-20261203-083000"));
        assertThat(aside).exists().content().startsWith("this is not an SQLite file");
        assertThat(file).doesNotExist();
    }

    @Test
    void aDatabaseWithDamagedPagesIsMovedAside() throws Exception {
        Path file = database(dir.resolve("damaged.db"));
        byte[] garbage = new byte[4096 * 8];
        new Random(7).nextBytes(garbage);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            // Past the header page, into the table's b-tree: the file still opens, its pages no longer add up.
            raw.seek(4096 * 4);
            raw.write(garbage);
        }

        assertThat(SqliteQuarantine.checkOrMoveAside(file, CLOCK)).hasValue(
                dir.resolve("damaged.db.corrupt-20261203-083000"));
        assertThat(file).doesNotExist();
    }

    private static Path database(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 4096");
            statement.execute("CREATE TABLE readings(id INTEGER PRIMARY KEY, sensor TEXT, value REAL)");
            statement.execute("CREATE INDEX readings_by_sensor ON readings(sensor)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO readings(sensor, value) VALUES (?, ?)")) {
                for (int i = 0; i < 20_000; i++) {
                    insert.setString(1, "sensor-" + (i % 37));
                    insert.setDouble(2, i * 0.5);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return file;
    }

    private static long rows(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM readings")) {
            count.next();
            return count.getLong(1);
        }
    }
}
