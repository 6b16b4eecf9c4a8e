package io.fleetdeck.console.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema of {@code fleet.db}: what the operator decided about the fleet (tags, saved groups) and the audit log of
 * operator actions. Its own file, versioned by {@code PRAGMA user_version} like {@code firmware.db}, because the
 * window and short-lived commands ({@code deploy}, {@code tag}, {@code audit}) all write it, while the history file is
 * the window's alone. Steps are only appended, never edited.
 */
public final class FleetSchema {
    private static final Logger log = LoggerFactory.getLogger(FleetSchema.class);

    private static final List<List<String>> STEPS = List.of(
            List.of(
                    // The operator's changes to a device's default tags: added = 1 adds the tag, 0 removes a default.
                    // Kept as changes rather than the whole set, so a new default from the device still arrives.
                    """
                    CREATE TABLE device_tags (
                        device TEXT    NOT NULL,
                        tag    TEXT    NOT NULL,
                        added  INTEGER NOT NULL,
                        PRIMARY KEY (device, tag)
                    )""",
                    """
                    CREATE TABLE device_groups (
                        name       TEXT    PRIMARY KEY,
                        tags       TEXT    NOT NULL,
                        model      TEXT,
                        firmware   TEXT,
                        updated_ms INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE audit (
                        id      INTEGER PRIMARY KEY,
                        at_ms   INTEGER NOT NULL,
                        user    TEXT    NOT NULL,
                        action  TEXT    NOT NULL,
                        target  TEXT    NOT NULL,
                        detail  TEXT    NOT NULL,
                        outcome TEXT    NOT NULL
                    )""",
                    "CREATE INDEX audit_by_time ON audit (at_ms)"));

    public static final int CURRENT = STEPS.size();

    private FleetSchema() {
    }

    /** Brings the file up to {@link #CURRENT}; refuses a file written by a newer console rather than guess. */
    static void migrate(Connection connection) throws SQLException {
        int version;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA user_version")) {
            version = row.next() ? row.getInt(1) : 0;
        }
        if (version > CURRENT) {
            throw new SQLException(FleetDatabase.FILE + " has schema version " + version
                    + "; this console knows up to " + CURRENT + ". Use a newer console.");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (int step = version; step < CURRENT; step++) {
                for (String sql : STEPS.get(step)) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version = " + (step + 1));
                log.info("{} migrated to schema version {}", FleetDatabase.FILE, step + 1);
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
