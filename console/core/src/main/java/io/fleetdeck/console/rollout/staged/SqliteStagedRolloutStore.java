package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.storage.SqliteFiles;
import io.fleetdeck.console.firmware.FirmwareSchema;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Staged rollouts in the {@code staged_rollouts} and {@code staged_members} tables of {@code firmware.db} (schema
 * version 4), on a connection of their own. A rollout and its members are written together in one transaction on
 * every change, so a restart finds them consistent. Blocking: the service calls it on its own thread.
 */
public final class SqliteStagedRolloutStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteStagedRolloutStore.class);
    private static final String COLUMNS = "id, image_id, image_name, version, security_version, allow_downgrade, "
            + "targets, stages, max_parallel, max_failures, state, stage, pause_reason, baseline_failed, "
            + "baseline_finished, created_ms, updated_ms";

    private final Path file;
    private final Connection connection;

    private SqliteStagedRolloutStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating and migrating if needed) {@code firmware.db} in {@code dataDir}. */
    public static SqliteStagedRolloutStore open(Path dataDir) {
        Path file = dataDir.resolve(SqliteFirmwareLibrary.DATABASE_FILE);
        try {
            return new SqliteStagedRolloutStore(file, SqliteFiles.open(file, SqliteFiles.config(),
                    FirmwareSchema::migrate));
        } catch (SQLException | IOException e) {
            throw new StagedRolloutStoreException(file, "cannot open the staged rollout tables: " + e.getMessage(), e);
        }
    }

    /** Replaces the rows of {@code rollout} and its members, in one transaction. */
    public synchronized void save(StagedRollout rollout) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO staged_rollouts ("
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement clear = connection.prepareStatement(
                         "DELETE FROM staged_members WHERE rollout_id = ?");
                 PreparedStatement member = connection.prepareStatement("INSERT INTO staged_members (rollout_id, "
                         + "position, device, stage, state, job_id, reason, launched_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 1;
                upsert.setString(i++, rollout.id());
                upsert.setLong(i++, rollout.imageId());
                upsert.setString(i++, rollout.imageName());
                upsert.setString(i++, rollout.release().version().orElse(""));
                upsert.setInt(i++, rollout.release().securityVersion());
                upsert.setInt(i++, rollout.release().allowDowngrade() ? 1 : 0);
                upsert.setString(i++, rollout.targets());
                upsert.setString(i++, rollout.stages().text());
                upsert.setInt(i++, rollout.maxParallel());
                upsert.setString(i++, rollout.threshold().text());
                upsert.setString(i++, rollout.state().name());
                upsert.setInt(i++, rollout.stage());
                upsert.setString(i++, rollout.pauseReason());
                upsert.setInt(i++, rollout.baselineFailed());
                upsert.setInt(i++, rollout.baselineFinished());
                upsert.setLong(i++, rollout.createdMs());
                upsert.setLong(i, rollout.updatedMs());
                upsert.executeUpdate();
                clear.setString(1, rollout.id());
                clear.executeUpdate();
                int position = 0;
                for (StagedMember each : rollout.members()) {
                    member.setString(1, rollout.id());
                    member.setInt(2, position++);
                    member.setString(3, each.device().value());
                    member.setInt(4, each.stage());
                    member.setString(5, each.state().name());
                    member.setString(6, each.jobId());
                    member.setString(7, each.reason());
                    member.setLong(8, each.launchedMs());
                    member.addBatch();
                }
                member.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StagedRolloutStoreException(file, "cannot save staged rollout " + rollout.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The newest {@code limit} rollouts, newest first, with their members. A row that no longer parses is skipped
     * and logged rather than stopping the console.
     */
    public synchronized List<StagedRollout> recent(int limit) {
        List<StagedRollout> rollouts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM staged_rollouts ORDER BY created_ms DESC, id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    try {
                        rollouts.add(read(row));
                    } catch (IllegalArgumentException e) {
                        log.warn("Skipping staged rollout {} in {}: {}", row.getString("id"), file, e.getMessage());
                    }
                }
            }
            return rollouts;
        } catch (SQLException e) {
            throw new StagedRolloutStoreException(file, "cannot read staged rollouts: " + e.getMessage(), e);
        }
    }

    private StagedRollout read(ResultSet row) throws SQLException {
        String id = row.getString("id");
        String version = row.getString("version");
        ReleaseOptions release = new ReleaseOptions(version.isEmpty() ? Optional.empty() : Optional.of(version),
                row.getInt("security_version"), row.getInt("allow_downgrade") != 0);
        return new StagedRollout(id, row.getLong("image_id"), row.getString("image_name"), release,
                row.getString("targets"), StagePlan.parse(row.getString("stages")), row.getInt("max_parallel"),
                FailureThreshold.parse(row.getString("max_failures")),
                StagedRolloutState.valueOf(row.getString("state")), row.getInt("stage"),
                row.getString("pause_reason"), row.getInt("baseline_failed"), row.getInt("baseline_finished"),
                members(id), row.getLong("created_ms"), row.getLong("updated_ms"));
    }

    private List<StagedMember> members(String rolloutId) throws SQLException {
        List<StagedMember> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT device, stage, state, job_id, reason, "
                + "launched_ms FROM staged_members WHERE rollout_id = ? ORDER BY position")) {
            select.setString(1, rolloutId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    members.add(new StagedMember(DeviceId.of(row.getString(1)), row.getInt(2),
                            MemberState.valueOf(row.getString(3)), row.getString(4), row.getString(5),
                            row.getLong(6)));
                }
            }
        }
        return members;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Cannot close the staged rollout tables in {}: {}", file, e.getMessage());
        }
    }
}
