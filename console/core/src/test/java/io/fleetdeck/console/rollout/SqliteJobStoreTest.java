package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareSchema;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The job table in a real firmware.db: migration from the library-only schema, and what a reopen finds. */
class SqliteJobStoreTest {
    private static final DeviceId PI = DeviceId.of("pi-0001");

    @Test
    void migratesALibraryOnlyFileAndKeepsItsImages(@TempDir Path dir) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("firmware.db"));
             Statement statement = connection.createStatement()) {
            // Version 1 as the library shipped it, with one image in it.
            statement.execute("CREATE TABLE images (id INTEGER PRIMARY KEY, name TEXT NOT NULL, version TEXT, "
                    + "format TEXT NOT NULL, compressed_size INTEGER NOT NULL, raw_size INTEGER NOT NULL, "
                    + "raw_sha256 TEXT NOT NULL UNIQUE, imported_at_ms INTEGER NOT NULL)");
            statement.execute("CREATE TABLE image_models (image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE "
                    + "CASCADE, position INTEGER NOT NULL, model TEXT NOT NULL, PRIMARY KEY (image_id, position))");
            statement.execute("INSERT INTO images VALUES (7, 'fw-1.0.img', '1.0', 'IMG', 10, 10, '"
                    + "ab".repeat(32) + "', 1)");
            statement.execute("PRAGMA user_version = 1");
        }

        try (SqliteJobStore store = SqliteJobStore.open(dir)) {
            store.save(job("job-1", InstallState.QUEUED, 100), "t".repeat(22));
        }

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("firmware.db"));
             Statement statement = connection.createStatement()) {
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertThat(version.getInt(1)).isEqualTo(FirmwareSchema.CURRENT).isEqualTo(4);
            }
            try (ResultSet images = statement.executeQuery("SELECT name FROM images WHERE id = 7")) {
                assertThat(images.next()).isTrue();
                assertThat(images.getString(1)).isEqualTo("fw-1.0.img");
            }
        }
    }

    @Test
    void aReopenedStoreHasEveryJobNewestFirstWithItsToken(@TempDir Path dir) {
        try (SqliteJobStore store = SqliteJobStore.open(dir)) {
            store.save(job("job-old", InstallState.COMMITTED, 100), "");
            store.save(job("job-new", InstallState.QUEUED, 200), "secret-token-0123456789");
            RolloutJob moved = new RolloutJob("job-new", PI, 7, "fw-2.0.img", "2.0", InstallState.DOWNLOADING, 512,
                    1024, 0, OptionalLong.empty(), "", 200, 250);
            store.save(moved, "secret-token-0123456789");
        }

        try (SqliteJobStore reopened = SqliteJobStore.open(dir)) {
            var jobs = reopened.recent(10);

            assertThat(jobs).extracting(stored -> stored.job().id()).containsExactly("job-new", "job-old");
            assertThat(jobs.get(0).job().state()).isEqualTo(InstallState.DOWNLOADING);
            assertThat(jobs.get(0).job().bytes()).isEqualTo(512);
            assertThat(jobs.get(0).job().updatedMs()).isEqualTo(250);
            assertThat(jobs.get(0).token()).isEqualTo("secret-token-0123456789");
            assertThat(jobs.get(1).token()).isEmpty();
            assertThat(reopened.recent(1)).hasSize(1);
        }
    }

    @Test
    void keepsEachJobsAuditLinesInOrderAcrossAReopen(@TempDir Path dir) {
        try (SqliteJobStore store = SqliteJobStore.open(dir)) {
            store.save(job("job-1", InstallState.QUEUED, 100), "t".repeat(22));
            store.audit("job-1", 200, "operator allowed downgrade of pi-0001 from sv 3 to 1, job job-1");
            store.audit("job-1", 300, "second line");
            store.audit("job-2", 250, "another job's");
        }

        try (SqliteJobStore store = SqliteJobStore.open(dir)) {
            assertThat(store.auditOf("job-1")).containsExactly(
                    "operator allowed downgrade of pi-0001 from sv 3 to 1, job job-1", "second line");
            assertThat(store.auditOf("job-none")).isEmpty();
        }
    }

    private static RolloutJob job(String id, InstallState state, long createdMs) {
        return new RolloutJob(id, PI, 7, "fw-2.0.img", "2.0", state, 0, 1024, 0, OptionalLong.empty(),
                state == InstallState.FAILED ? "NO_ANSWER" : "", createdMs, createdMs);
    }
}
