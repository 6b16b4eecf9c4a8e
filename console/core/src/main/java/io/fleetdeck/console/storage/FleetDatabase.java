package io.fleetdeck.console.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * {@code fleet.db} in the data directory (tags, groups, audit log; {@link FleetSchema}), on one connection shared by
 * the stores built on it. Blocking: callers run it off the FX thread. Several processes may open the file at once (the
 * window and {@code fleetdeck deploy}): WAL and a busy timeout let their short transactions take turns.
 */
public final class FleetDatabase implements AutoCloseable {
    public static final String FILE = "fleet.db";
    private static final Logger log = LoggerFactory.getLogger(FleetDatabase.class);

    private final Path file;
    private final Connection connection;

    private FleetDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Work done on the connection; may throw what JDBC throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens (creating and migrating if needed) {@code fleet.db} in {@code dataDir}; a corrupt file is moved aside
     * first ({@link SqliteQuarantine}).
     *
     * @throws FleetDatabaseException when it cannot be opened or is newer than this console
     */
    public static FleetDatabase open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            SqliteQuarantine.checkOrMoveAside(file, clock);
            SQLiteConfig config = SqliteFiles.config();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            return new FleetDatabase(file, SqliteFiles.open(file, config, FleetSchema::migrate));
        } catch (SQLException | IOException e) {
            throw new FleetDatabaseException(file, "cannot open: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} on the connection, one caller at a time; a failure becomes a {@link FleetDatabaseException}
     * saying {@code what} was being done.
     */
    public synchronized <T> T call(String what, Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new FleetDatabaseException(file, "cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #call} in one transaction: all of {@code work} is stored, or none of it. */
    public synchronized <T> T inTransaction(String what, Work<T> work) {
        return call(what, db -> {
            db.setAutoCommit(false);
            try {
                T result = work.run(db);
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Cannot close {}: {}", file, e.getMessage());
        }
    }
}
