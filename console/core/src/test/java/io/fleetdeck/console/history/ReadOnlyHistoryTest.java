package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadOnlyHistoryTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long T0 = java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void readsWhatARunningConsoleKeepsWriting() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(PI, SqliteReadingStoreTest.info("cpu_temp"), T0);
            store.append(PI, List.of(new Reading("cpu_temp", T0, 41.5)));
            store.flush();

            try (ReadOnlyHistory history = ReadOnlyHistory.open(store.file())) {
                assertThat(history.devices()).extracting(StoredDevice::id).containsExactly(PI);
                assertThat(history.sensors(PI)).containsExactly("cpu_temp");
                store.append(PI, List.of(new Reading("cpu_temp", T0 + 1000, 42.0)));
                store.flush();

                List<Double> values = new ArrayList<>();
                assertThat(history.scan(PI, "cpu_temp", T0, T0 + 1000, (ts, value) -> values.add(value)))
                        .isEqualTo(2);
                assertThat(values).containsExactly(41.5, 42.0);
                assertThat(history.estimatedReadings(PI)).hasValue(2);
            }
        }
    }

    @Test
    void refusesAMissingFileWithoutCreatingIt() {
        Path missing = dir.resolve("fleetdeck.db");

        assertThatThrownBy(() -> ReadOnlyHistory.open(missing)).isInstanceOf(HistoryFileMissingException.class)
                .hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
    }

    @Test
    void refusesAFileOfANewerConsole() throws Exception {
        Path file = closedStore();
        setUserVersion(file, SchemaMigrations.standard().latestVersion() + 1);

        assertThatThrownBy(() -> ReadOnlyHistory.open(file)).isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("upgrade the console");
    }

    @Test
    void refusesAnOlderFileAndSaysHowToMigrateIt() throws Exception {
        Path file = closedStore();
        setUserVersion(file, SchemaMigrations.standard().latestVersion() - 1);

        assertThatThrownBy(() -> ReadOnlyHistory.open(file)).isInstanceOf(SchemaTooOldException.class)
                .hasMessageContaining("open it once with the console to migrate");
    }

    @Test
    void refusesAFileThatIsNotADatabase() throws Exception {
        Path file = Files.writeString(dir.resolve("fleetdeck.db"), "not a database\n".repeat(100));

        assertThatThrownBy(() -> ReadOnlyHistory.open(file)).isInstanceOf(HistoryOpenException.class)
                .hasMessageContaining(file.toString());
    }

    private Path closedStore() {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            return store.file();
        }
    }

    private static void setUserVersion(Path file, int version) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + version);
        }
    }
}
