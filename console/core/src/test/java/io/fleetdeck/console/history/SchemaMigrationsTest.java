package io.fleetdeck.console.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyFileToTheLatestVersion() throws SQLException {
        Path file = dir.resolve("empty.db");
        try (Connection connection = open(file)) {
            int before = SchemaMigrations.standard().migrate(connection, file);

            assertThat(before).isZero();
            assertThat(userVersion(connection)).isEqualTo(SchemaMigrations.standard().latestVersion());
            assertThat(tables(connection)).contains("devices", "sensors", "chunks");
        }
    }

    @Test
    void leavesAFileAtTheLatestVersionAndItsDataAlone() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection connection = open(file)) {
            SchemaMigrations.standard().migrate(connection, file);
            execute(connection, "INSERT INTO devices(device_id) VALUES ('pi-1')");
        }
        try (Connection connection = open(file)) {
            int before = SchemaMigrations.standard().migrate(connection, file);

            assertThat(before).isEqualTo(SchemaMigrations.standard().latestVersion());
            assertThat(count(connection, "devices")).isEqualTo(1);
        }
    }

    @Test
    void upgradesAV1FileToANewerSchemaKeepingItsData() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection connection = open(file)) {
            SchemaMigrations.standard().migrate(connection, file);
            execute(connection, "INSERT INTO devices(device_id) VALUES ('pi-1')");
        }
        int latest = SchemaMigrations.standard().latestVersion();
        List<SchemaMigrations.Migration> withNext = new ArrayList<>(SchemaMigrations.standard().migrations());
        withNext.add(new SchemaMigrations.Migration(latest + 1, "device notes",
                List.of("ALTER TABLE devices ADD COLUMN note TEXT NOT NULL DEFAULT ''")));
        try (Connection connection = open(file)) {
            int before = new SchemaMigrations(withNext).migrate(connection, file);

            assertThat(before).isEqualTo(latest);
            assertThat(userVersion(connection)).isEqualTo(latest + 1);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT device_id, note FROM devices")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("pi-1");
                assertThat(rows.getString(2)).isEmpty();
            }
        }
    }

    @Test
    void upgradesAFileOfTheFirstReleaseToTheCurrentSchema() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection connection = open(file)) {
            new SchemaMigrations(SchemaMigrations.standard().migrations().subList(0, 1)).migrate(connection, file);
            execute(connection, "INSERT INTO devices(device_id) VALUES ('pi-1')");
        }
        try (Connection connection = open(file)) {
            assertThat(SchemaMigrations.standard().migrate(connection, file)).isEqualTo(1);
            assertThat(userVersion(connection)).isEqualTo(SchemaMigrations.standard().latestVersion());
            assertThat(tables(connection)).contains("pinned_keys");
            assertThat(count(connection, "devices")).isEqualTo(1);
        }
    }

    @Test
    void leavesTheFileUnchangedWhenAMigrationFails() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection connection = open(file)) {
            SchemaMigrations.standard().migrate(connection, file);
        }
        int latest = SchemaMigrations.standard().latestVersion();
        List<SchemaMigrations.Migration> broken = new ArrayList<>(SchemaMigrations.standard().migrations());
        broken.add(new SchemaMigrations.Migration(latest + 1, "half done",
                List.of("CREATE TABLE notes (text TEXT)", "THIS IS NOT SQL")));
        try (Connection connection = open(file)) {
            assertThatThrownBy(() -> new SchemaMigrations(broken).migrate(connection, file))
                    .isInstanceOf(SQLException.class);

            assertThat(userVersion(connection)).isEqualTo(latest);
            assertThat(tables(connection)).doesNotContain("notes");
        }
    }

    @Test
    void refusesAFileWrittenByANewerConsole() throws SQLException {
        Path file = dir.resolve("v99.db");
        try (Connection connection = open(file)) {
            execute(connection, "PRAGMA user_version = 99");
        }
        try (Connection connection = open(file)) {
            assertThatThrownBy(() -> SchemaMigrations.standard().migrate(connection, file))
                    .isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
                        assertThat(e.foundVersion()).isEqualTo(99);
                        assertThat(e.supportedVersion()).isEqualTo(SchemaMigrations.standard().latestVersion());
                        assertThat(e.file()).isEqualTo(file);
                        assertThat(e.getMessage()).contains("99", file.toString());
                    });
            assertThat(userVersion(connection)).isEqualTo(99);
            assertThat(tables(connection)).isEmpty();
        }
    }

    @Test
    void rejectsMigrationsWithAGapInTheirVersions() {
        assertThatThrownBy(() -> new SchemaMigrations(List.of(
                new SchemaMigrations.Migration(1, "one", List.of()),
                new SchemaMigrations.Migration(3, "three", List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2");
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return SchemaMigrations.userVersion(statement);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
