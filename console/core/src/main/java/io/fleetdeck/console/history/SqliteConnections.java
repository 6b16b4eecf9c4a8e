package io.fleetdeck.console.history;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the history file with the settings every connection needs. */
final class SqliteConnections {
    /** Long enough to ride out a checkpoint, short enough that a stuck reader shows up as an error. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    private SqliteConnections() {
    }

    /**
     * The one writer connection. WAL lets readers run beside it; NORMAL sync is durable against a crash of the
     * process and only risks the last commits on power loss, which telemetry can afford. IMMEDIATE transactions take
     * the write lock at BEGIN, so a second process fails early instead of deadlocking at the first write.
     */
    static Connection openWriter(Path file) throws SQLException {
        SQLiteConfig config = common();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** A reader connection: query-only, so a bug in a query cannot write behind the writer's back. */
    static Connection openReader(Path file) throws SQLException {
        Connection connection = common().createConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static SQLiteConfig common() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        return config;
    }
}
