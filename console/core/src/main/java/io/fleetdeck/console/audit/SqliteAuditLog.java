package io.fleetdeck.console.audit;

import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.console.storage.FleetDatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link AuditLog} in the {@code audit} table of {@code fleet.db}; one autocommitted row per action. */
public final class SqliteAuditLog implements AuditLog {
    private static final Logger log = LoggerFactory.getLogger(SqliteAuditLog.class);

    private final FleetDatabase database;
    private final Clock clock;
    private final String user;

    /** @param user who is acting: the OS user ({@link #osUser()}) for the window and the commands */
    public SqliteAuditLog(FleetDatabase database, Clock clock, String user) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.user = Objects.requireNonNull(user, "user");
    }

    /** The user this process runs as; the console has no accounts of its own. */
    public static String osUser() {
        return System.getProperty("user.name", "unknown");
    }

    @Override
    public void record(AuditAction action, String target, String detail, AuditOutcome outcome) {
        long atMs = clock.millis();
        try {
            database.call("add to the audit log", db -> {
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO audit "
                        + "(at_ms, user, action, target, detail, outcome) VALUES (?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, atMs);
                    insert.setString(2, user);
                    insert.setString(3, action.name());
                    insert.setString(4, target);
                    insert.setString(5, detail);
                    insert.setString(6, outcome.name());
                    return insert.executeUpdate();
                }
            });
        } catch (FleetDatabaseException e) {
            log.error("Audit entry not stored ({}): {} {} {} {} by {}: {}", e.getMessage(), action, target, outcome,
                    detail, user, Instant.ofEpochMilli(atMs));
        }
    }

    @Override
    public List<AuditEntry> entries(Optional<Instant> since) {
        return database.call("read the audit log", db -> {
            try (PreparedStatement select = db.prepareStatement("SELECT id, at_ms, user, action, target, detail, "
                    + "outcome FROM audit WHERE at_ms >= ? ORDER BY at_ms, id")) {
                select.setLong(1, since.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        entries.add(new AuditEntry(row.getLong(1), Instant.ofEpochMilli(row.getLong(2)),
                                row.getString(3), AuditAction.valueOf(row.getString(4)), row.getString(5),
                                row.getString(6), AuditOutcome.valueOf(row.getString(7))));
                    }
                }
                return entries;
            }
        });
    }
}
