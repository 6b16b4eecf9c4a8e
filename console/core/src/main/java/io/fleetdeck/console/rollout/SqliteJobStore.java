package io.fleetdeck.console.rollout;

import io.fleetdeck.console.storage.SqliteFiles;
import io.fleetdeck.console.firmware.FirmwareSchema;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Install jobs in the {@code jobs} table of {@code firmware.db}, on a connection of its own. Rows are written before a
 * job's command goes out and on every change of state, so a console that restarts mid-rollout knows its jobs and
 * their tokens. Blocking: the rollout service calls it on its own thread.
 */
public final class SqliteJobStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteJobStore.class);
    private static final String COLUMNS = "id, device, image_id, image_name, version, state, bytes, total_bytes, "
            + "reason, token, created_ms, updated_ms";

    private final Path file;
    private final Connection connection;

    private SqliteJobStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating and migrating if needed) {@code firmware.db} in {@code dataDir}. */
    public static SqliteJobStore open(Path dataDir) {
        Path file = dataDir.resolve(SqliteFirmwareLibrary.DATABASE_FILE);
        try {
            SQLiteConfig config = SqliteFiles.config();
            // A lost last update is repaired by the device's retained report; no need to fsync every progress step.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            return new SqliteJobStore(file, SqliteFiles.open(file, config, FirmwareSchema::migrate));
        } catch (SQLException | IOException e) {
            throw new JobStoreException(file, "cannot open the job table: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Inserts or replaces the row of {@code job}. */
    public synchronized void save(RolloutJob job, String token) {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO jobs (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            upsert.setString(1, job.id());
            upsert.setString(2, job.device().value());
            upsert.setLong(3, job.imageId());
            upsert.setString(4, job.imageName());
            upsert.setString(5, job.version());
            upsert.setString(6, job.state().name());
            upsert.setLong(7, job.bytes());
            upsert.setLong(8, job.totalBytes());
            upsert.setString(9, job.reason());
            upsert.setString(10, token);
            upsert.setLong(11, job.createdMs());
            upsert.setLong(12, job.updatedMs());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException(file, "cannot save job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code line} to the audit trail of job {@code jobId} (e.g. an allowed downgrade). */
    public synchronized void audit(String jobId, long atMs, String line) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO job_audit (job_id, at_ms, line) VALUES (?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setLong(2, atMs);
            insert.setString(3, line);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException(file, "cannot add to the audit of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /** The audit trail of job {@code jobId}, oldest first. */
    public synchronized List<String> auditOf(String jobId) {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT line FROM job_audit WHERE job_id = ? ORDER BY at_ms, rowid")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    lines.add(row.getString(1));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new JobStoreException(file, "cannot read the audit of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} jobs, newest first. Rows that no longer parse are skipped and logged. */
    public synchronized List<StoredJob> recent(int limit) {
        List<StoredJob> jobs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM jobs ORDER BY created_ms DESC, id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    try {
                        jobs.add(read(row));
                    } catch (IllegalArgumentException e) {
                        log.warn("Skipping job row {} in {}: {}", row.getString("id"), file, e.getMessage());
                    }
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new JobStoreException(file, "cannot read jobs: " + e.getMessage(), e);
        }
    }

    private static StoredJob read(ResultSet row) throws SQLException {
        RolloutJob job = new RolloutJob(row.getString("id"), DeviceId.of(row.getString("device")),
                row.getLong("image_id"), row.getString("image_name"), row.getString("version"),
                InstallState.valueOf(row.getString("state")), row.getLong("bytes"), row.getLong("total_bytes"), 0,
                OptionalLong.empty(), row.getString("reason"), row.getLong("created_ms"), row.getLong("updated_ms"));
        return new StoredJob(job, row.getString("token"));
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Cannot close the job table in {}: {}", file, e.getMessage());
        }
    }
}
