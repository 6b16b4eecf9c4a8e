package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;

/**
 * The history file opened for reading only, by a process other than the console (the export command). WAL lets it
 * read a consistent snapshot while a running console keeps writing. It never creates, migrates or changes the file:
 * a missing file or another schema version is refused with what to do about it.
 */
public final class ReadOnlyHistory implements ReadingSource, AutoCloseable {
    private final HistoryQueries queries;

    private ReadOnlyHistory(HistoryQueries queries) {
        this.queries = queries;
    }

    /** Opens {@code file} with the schema of this console. */
    public static ReadOnlyHistory open(Path file) {
        return open(file, SchemaMigrations.standard());
    }

    /**
     * @throws HistoryFileMissingException when there is no such file
     * @throws SchemaTooNewException       when a newer console wrote it
     * @throws SchemaTooOldException       when it still waits for a migration the console makes when it opens it
     * @throws HistoryOpenException        when it is not a readable SQLite database
     */
    public static ReadOnlyHistory open(Path file, SchemaMigrations migrations) {
        if (!Files.isRegularFile(file)) {
            throw new HistoryFileMissingException(file);
        }
        int found;
        try {
            found = schemaVersion(file);
        } catch (SQLException e) {
            throw new HistoryOpenException(file, e.getMessage(), e);
        }
        if (found > migrations.latestVersion()) {
            throw new SchemaTooNewException(file, found, migrations.latestVersion());
        }
        if (found < migrations.latestVersion()) {
            throw new SchemaTooOldException(file, found, migrations.latestVersion());
        }
        try {
            // One connection: the export scans one sensor at a time.
            return new ReadOnlyHistory(new HistoryQueries(file, new PayloadCodec(), 1));
        } catch (SQLException e) {
            throw new HistoryOpenException(file, e.getMessage(), e);
        }
    }

    /** Read with a connection opened read-only, so even the check cannot create or touch the file. */
    private static int schemaVersion(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(SqliteConnections.BUSY_TIMEOUT_MS);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            return SchemaMigrations.userVersion(statement);
        }
    }

    @Override
    public long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        return queries.scan(device, sensor, fromMs, toMs, visitor);
    }

    @Override
    public List<String> sensors(DeviceId device) {
        return queries.sensors(device);
    }

    @Override
    public List<StoredDevice> devices() {
        return queries.devices();
    }

    @Override
    public OptionalLong estimatedReadings(DeviceId device) {
        return OptionalLong.of(queries.readingCount(device));
    }

    @Override
    public void close() {
        queries.close();
    }
}
