package io.fleetdeck.console.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Explicit transactions on an auto-commit connection. The driver's own {@code setAutoCommit(false)} opens the next
 * transaction right after each commit, so an idle writer would sit on the write lock; here a transaction exists only
 * while a batch or a prune chunk is being written.
 */
final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    static void begin(Connection connection) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
    }

    static void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    /** SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); that is not worth an error. */
    static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            } else {
                execute(connection, "ROLLBACK");
            }
        } catch (SQLException e) {
            log.debug("Rollback found no open transaction: {}", e.getMessage());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
