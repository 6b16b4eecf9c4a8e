package io.fleetdeck.console.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteFilesTest {
    @TempDir
    Path dir;

    @Test
    void makesTheDirectoryAndHandsBackAMigratedConnectionWithTheBusyTimeout() throws Exception {
        Path file = dir.resolve("nested/data/test.db");
        try (Connection connection = SqliteFiles.open(file, SqliteFiles.config(), fresh -> {
            try (Statement statement = fresh.createStatement()) {
                statement.execute("CREATE TABLE t (x INTEGER)");
            }
        }); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t VALUES (1)");
            ResultSet timeout = statement.executeQuery("PRAGMA busy_timeout");
            assertThat(timeout.next()).isTrue();
            assertThat(timeout.getInt(1)).isEqualTo(SqliteFiles.BUSY_TIMEOUT_MS);
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void closesTheConnectionWhenTheMigrationFails() {
        AtomicReference<Connection> opened = new AtomicReference<>();
        assertThatThrownBy(() -> SqliteFiles.open(dir.resolve("bad.db"), SqliteFiles.config(), fresh -> {
            opened.set(fresh);
            throw new SQLException("schema version 99 is newer than this console");
        })).isInstanceOf(SQLException.class).hasMessageContaining("newer");
        assertThat(opened.get()).satisfies(connection -> assertThat(connection.isClosed()).isTrue());
        assertThat(Files.exists(dir.resolve("bad.db"))).isTrue();
    }
}
