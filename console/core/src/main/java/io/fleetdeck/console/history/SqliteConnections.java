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
     * Page size of new files. A chunk row (a few KB of blob, rewritten at every commit while its chunk is open) fits
     * one 16 KB page instead of spilling into overflow pages. Existing files keep theirs: in WAL mode it can only be
     * changed by a VACUUM.
     */
    static final int PAGE_SIZE = 16_384;

    /**
     * The one writer connection. WAL lets readers run beside it. synchronous=NORMAL in WAL mode: a commit is in the
     * WAL file (the OS has it) when COMMIT returns, so it survives a kill -9 of the console, which is what we promise
     * before acknowledging a reading; only a power loss or OS crash may lose the last commits. IMMEDIATE transactions
     * take the write lock at BEGIN, so a second process fails early instead of deadlocking at the first write.
     */
    static Connection openWriter(Path file) throws SQLException {
        SQLiteConfig config = common();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        // In this order, by hand: the driver applies its configured pragmas in no fixed order, and page_size only
        // takes effect before the first write, which switching to WAL is.
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = " + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
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
