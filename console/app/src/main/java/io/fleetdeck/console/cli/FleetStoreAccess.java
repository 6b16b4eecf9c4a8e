package io.fleetdeck.console.cli;

import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.groups.StoredFleetGroups;
import io.fleetdeck.console.storage.FleetDatabase;

import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code fleet.db} of a data directory opened for one command ({@code tag}, {@code group}, {@code audit}), beside a
 * running console if there is one: SQLite lets both write in turn. Changes are audited under the OS user.
 */
final class FleetStoreAccess implements AutoCloseable {
    private final FleetDatabase database;
    private final SqliteAuditLog audit;
    private final StoredFleetGroups groups;

    FleetStoreAccess(Path dataDirectory, Clock clock) {
        // Logs go to a file of their own in the data directory; the terminal keeps the command's output.
        System.setProperty("fleetdeck.log.dir", dataDirectory.toAbsolutePath().toString());
        System.setProperty("fleetdeck.log.name", "cli");
        System.setProperty("fleetdeck.log.console", "OFF");
        database = FleetDatabase.open(dataDirectory, clock);
        audit = new SqliteAuditLog(database, clock, SqliteAuditLog.osUser());
        groups = new StoredFleetGroups(database, audit, clock);
    }

    SqliteAuditLog audit() {
        return audit;
    }

    StoredFleetGroups groups() {
        return groups;
    }

    @Override
    public void close() {
        database.close();
    }
}
