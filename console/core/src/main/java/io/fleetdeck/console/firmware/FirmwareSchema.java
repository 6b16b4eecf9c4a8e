package io.fleetdeck.console.firmware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema of {@code firmware.db}, versioned by {@code PRAGMA user_version}. Kept apart from the history file so
 * the two schemas never have to agree on migration numbers. Steps are only appended, never edited. Both the library
 * and the rollout job store migrate on open, whichever opens the file first.
 */
public final class FirmwareSchema {
    private static final Logger log = LoggerFactory.getLogger(FirmwareSchema.class);

    private static final List<List<String>> STEPS = List.of(
            List.of("""
                    CREATE TABLE images (
                        id              INTEGER PRIMARY KEY,
                        name            TEXT    NOT NULL,
                        version         TEXT,
                        format          TEXT    NOT NULL,
                        compressed_size INTEGER NOT NULL,
                        raw_size        INTEGER NOT NULL,
                        raw_sha256      TEXT    NOT NULL UNIQUE,
                        imported_at_ms  INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE image_models (
                        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        model    TEXT    NOT NULL,
                        PRIMARY KEY (image_id, position)
                    )"""),
            // 2: install jobs, so a restarted console resumes tracking them (and re-grants their downloads).
            List.of("""
                    CREATE TABLE jobs (
                        id          TEXT    PRIMARY KEY,
                        device      TEXT    NOT NULL,
                        image_id    INTEGER NOT NULL,
                        image_name  TEXT    NOT NULL,
                        version     TEXT    NOT NULL,
                        state       TEXT    NOT NULL,
                        bytes       INTEGER NOT NULL,
                        total_bytes INTEGER NOT NULL,
                        reason      TEXT    NOT NULL,
                        token       TEXT    NOT NULL,
                        created_ms  INTEGER NOT NULL,
                        updated_ms  INTEGER NOT NULL
                    )""",
                    "CREATE INDEX jobs_by_created ON jobs (created_ms)"),
            // 3: what the operator decided about a job beyond the release, for the audit (allowed downgrades).
            List.of("""
                    CREATE TABLE job_audit (
                        job_id TEXT    NOT NULL,
                        at_ms  INTEGER NOT NULL,
                        line   TEXT    NOT NULL
                    )""",
                    "CREATE INDEX job_audit_by_job ON job_audit (job_id, at_ms)"),
            // 4: staged rollouts and their members, so a restarted console resumes at the stage it stood at.
            List.of("""
                    CREATE TABLE staged_rollouts (
                        id                TEXT    PRIMARY KEY,
                        image_id          INTEGER NOT NULL,
                        image_name        TEXT    NOT NULL,
                        version           TEXT    NOT NULL,
                        security_version  INTEGER NOT NULL,
                        allow_downgrade   INTEGER NOT NULL,
                        targets           TEXT    NOT NULL,
                        stages            TEXT    NOT NULL,
                        max_parallel      INTEGER NOT NULL,
                        max_failures      TEXT    NOT NULL,
                        state             TEXT    NOT NULL,
                        stage             INTEGER NOT NULL,
                        pause_reason      TEXT    NOT NULL,
                        baseline_failed   INTEGER NOT NULL,
                        baseline_finished INTEGER NOT NULL,
                        created_ms        INTEGER NOT NULL,
                        updated_ms        INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE staged_members (
                        rollout_id  TEXT    NOT NULL,
                        position    INTEGER NOT NULL,
                        device      TEXT    NOT NULL,
                        stage       INTEGER NOT NULL,
                        state       TEXT    NOT NULL,
                        job_id      TEXT    NOT NULL,
                        reason      TEXT    NOT NULL,
                        launched_ms INTEGER NOT NULL,
                        PRIMARY KEY (rollout_id, position)
                    )"""));

    public static final int CURRENT = STEPS.size();

    private FirmwareSchema() {
    }

    /** Brings the file up to {@link #CURRENT}; refuses a file written by a newer console rather than guess. */
    public static void migrate(Connection connection) throws SQLException {
        int version;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA user_version")) {
            version = row.next() ? row.getInt(1) : 0;
        }
        if (version > CURRENT) {
            throw new SQLException("firmware.db has schema version " + version + "; this console knows up to "
                    + CURRENT + ". Use a newer console.");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (int step = version; step < CURRENT; step++) {
                for (String sql : STEPS.get(step)) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version = " + (step + 1));
                log.info("firmware.db migrated to schema version {}", step + 1);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
