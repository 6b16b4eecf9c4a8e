package io.fleetdeck.console.storage;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Opening one of the console's SQLite files: its directory made, the connection configured, its schema migrated. */
public final class SqliteFiles {
    /** Another connection to the same file (firmware.db has three) may hold the write lock for a moment. */
    public static final int BUSY_TIMEOUT_MS = 5_000;

    private SqliteFiles() {
    }

    /** Brings a fresh connection's schema up to date; may throw what JDBC throws. */
    @FunctionalInterface
    public interface Migration {
        void migrate(Connection connection) throws SQLException;
    }

    /** A configuration with the busy timeout every console store uses; callers add their own durability settings. */
    public static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    /**
     * Opens {@code file} with {@code config} and runs {@code migration} on it; the connection is closed again when
     * the migration fails, so a caller only has to wrap the exception in its own type.
     */
    public static Connection open(Path file, SQLiteConfig config, Migration migration)
            throws SQLException, IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try {
            migration.migrate(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
