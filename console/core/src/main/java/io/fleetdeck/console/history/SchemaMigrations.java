package io.fleetdeck.console.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The history schema as an ordered list of migrations; {@code PRAGMA user_version} records the last one applied.
 * Migrations are only ever appended: a released migration is never edited, since files in the field already ran it.
 */
public final class SchemaMigrations {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    /** One step of the schema: applying it takes a file from {@code version - 1} to {@code version}. */
    public record Migration(int version, String description, List<String> statements) {
        public Migration {
            Objects.requireNonNull(description, "description");
            statements = List.copyOf(statements);
            if (version < 1) {
                throw new IllegalArgumentException("migration versions start at 1: " + version);
            }
        }
    }

    private static final Migration V1 = new Migration(1, "devices, sensors and readings", List.of(
            """
            CREATE TABLE devices (
                device_key   INTEGER PRIMARY KEY,
                device_id    TEXT    NOT NULL UNIQUE,
                info_json    TEXT,
                last_seen_ms INTEGER NOT NULL DEFAULT 0
            )""",
            // Sensors are keyed per device; rows without kind/unit were seen in readings before (or without) an info.
            """
            CREATE TABLE sensors (
                sensor_key INTEGER PRIMARY KEY,
                device_key INTEGER NOT NULL REFERENCES devices(device_key) ON DELETE CASCADE,
                sensor_id  TEXT    NOT NULL,
                kind       TEXT,
                unit       TEXT,
                label      TEXT,
                period_ms  INTEGER,
                UNIQUE (device_key, sensor_id)
            )""",
            // The primary key is the (device, sensor, ts) index: sensor_key stands for (device, sensor). WITHOUT ROWID
            // stores each reading once, in key order, ~20 bytes a row. A reading is identified by sensor and
            // timestamp (sensors sample at most every 10 ms), so a QoS 1 redelivery hits the key and is ignored.
            """
            CREATE TABLE readings (
                sensor_key INTEGER NOT NULL REFERENCES sensors(sensor_key) ON DELETE CASCADE,
                ts         INTEGER NOT NULL,
                value      REAL    NOT NULL,
                PRIMARY KEY (sensor_key, ts)
            ) WITHOUT ROWID"""));

    /** Keys the operator pinned by adopting a device; a later announcement with another key is a conflict. */
    private static final Migration V2 = new Migration(2, "pinned device keys", List.of(
            """
            CREATE TABLE pinned_keys (
                device_id    TEXT    PRIMARY KEY,
                fingerprint  TEXT    NOT NULL,
                pinned_at_ms INTEGER NOT NULL
            )"""));

    /**
     * Adoption also keeps the device's public key (to check what it signs) and the hash of the broker password it
     * handed over (the broker admits it with that, as an adopted device).
     */
    private static final Migration V3 = new Migration(3, "device public keys and broker passwords", List.of(
            "ALTER TABLE pinned_keys ADD COLUMN public_key TEXT",
            "ALTER TABLE pinned_keys ADD COLUMN broker_password TEXT"));

    /**
     * Readings move from one row each to one row per sensor and time chunk: a blob of up to
     * {@link OpenChunk#MAX_COUNT} readings (see {@code chunk.ChunkCodec}) with its bounds and summary, so the writer
     * pays a few SQLite calls per chunk instead of per reading. Chunks of one sensor may overlap in time (late readings
     * go into extra chunks); readers merge them. The index serves range queries ({@code end_ts >= from}), the
     * writer's last timestamp per sensor ({@code MAX(end_ts)}) and retention ({@code end_ts < cutoff}).
     * The old {@code readings} rows are converted by {@link ReadingsToChunks} after this migration, in steps, and the
     * table is dropped when it is empty.
     */
    private static final Migration V4 = new Migration(4, "readings stored in chunks", List.of(
            """
            CREATE TABLE chunks (
                chunk_id   INTEGER PRIMARY KEY,
                sensor_key INTEGER NOT NULL REFERENCES sensors(sensor_key) ON DELETE CASCADE,
                start_ts   INTEGER NOT NULL,
                end_ts     INTEGER NOT NULL,
                count      INTEGER NOT NULL,
                min        REAL    NOT NULL,
                max        REAL    NOT NULL,
                sum        REAL    NOT NULL,
                blob       BLOB    NOT NULL
            )""",
            "CREATE INDEX chunks_by_sensor_end ON chunks(sensor_key, end_ts)"));

    private final List<Migration> migrations;

    /** Migrations in order; their versions must be 1, 2, 3… without gaps. */
    public SchemaMigrations(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration #" + i + " has version "
                        + this.migrations.get(i).version() + ", expected " + (i + 1));
            }
        }
    }

    /** The schema of this console. */
    public static SchemaMigrations standard() {
        return new SchemaMigrations(List.of(V1, V2, V3, V4));
    }

    public List<Migration> migrations() {
        return migrations;
    }

    public int latestVersion() {
        return migrations.size();
    }

    /**
     * Brings the database to {@link #latestVersion()} in one transaction, so a failed step leaves the file as it
     * was. The connection must be in auto-commit mode and is left so.
     *
     * @return the version the file had before
     * @throws SchemaTooNewException when the file is newer than this code
     */
    public int migrate(Connection connection, Path file) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // Reading the version inside the (immediate) transaction keeps two consoles from migrating at once.
            int found = userVersion(statement);
            if (found > latestVersion()) {
                throw new SchemaTooNewException(file, found, latestVersion());
            }
            for (Migration migration : migrations.subList(found, migrations.size())) {
                log.info("Migrating history {} to schema v{}: {}", file, migration.version(), migration.description());
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
            }
            // PRAGMA takes no bind parameters; the value is our own int.
            statement.execute("PRAGMA user_version = " + latestVersion());
            connection.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
