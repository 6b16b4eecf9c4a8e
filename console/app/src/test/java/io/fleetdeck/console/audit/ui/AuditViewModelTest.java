package io.fleetdeck.console.audit.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.storage.FleetDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit dialog's model over a real {@code fleet.db}: newest first on screen, oldest first in its exports. */
class AuditViewModelTest {
    @TempDir
    Path dir;

    @Test
    void showsNewestFirstAndExportsCsvAndJson() throws Exception {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            SqliteAuditLog log = new SqliteAuditLog(database, Clock.systemUTC(), "alice");
            log.succeeded(AuditAction.ADOPT, "pi-1", "with its pairing code");
            log.failed(AuditAction.CANCEL, "job-1", "pi-1: already ended COMMITTED");
            AuditViewModel viewModel = new AuditViewModel(log, Runnable::run, Runnable::run);

            viewModel.reload().join();
            assertThat(viewModel.entries()).extracting(AuditEntry::action)
                    .containsExactly(AuditAction.CANCEL, AuditAction.ADOPT);
            assertThat(viewModel.statusProperty().get()).isEqualTo("2 entries");

            Path csv = dir.resolve("audit.csv");
            viewModel.export(AuditFormat.CSV, csv).join();
            assertThat(Files.readAllLines(csv)).hasSize(3).element(1).asString()
                    .endsWith(",alice,ADOPT,pi-1,with its pairing code,SUCCEEDED");
            assertThat(viewModel.statusProperty().get()).isEqualTo("2 entries exported to " + csv);

            Path json = dir.resolve("audit.json");
            viewModel.export(AuditFormat.JSON, json).join();
            JsonNode entries = new ObjectMapper().readTree(Files.readString(json));
            assertThat(entries.get(1).get("action").asText()).isEqualTo("CANCEL");
            assertThat(entries.get(1).get("outcome").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void aFileThatCannotBeWrittenSaysWhy() throws Exception {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            AuditViewModel viewModel = new AuditViewModel(new SqliteAuditLog(database, Clock.systemUTC(), "alice"),
                    Runnable::run, Runnable::run);
            // A regular file where the directory should be: no user, root included, can write beneath it.
            Path nowhere = Files.writeString(dir.resolve("not-a-directory"), "").resolve("audit.csv");
            viewModel.export(AuditFormat.CSV, nowhere).join();
            assertThat(viewModel.statusProperty().get()).contains("cannot write " + nowhere);
        }
    }

    @Test
    void aReadOrExportShowsProgressUntilItEndsAndAFailureSaysSo() throws Exception {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
            AuditViewModel viewModel = new AuditViewModel(new SqliteAuditLog(database, Clock.systemUTC(), "alice"),
                    queued::add, Runnable::run);

            viewModel.reload();
            assertThat(viewModel.busyProperty().get()).isTrue();
            assertThat(viewModel.statusProperty().get()).isEqualTo("Reading the audit log…");
            queued.removeFirst().run();
            assertThat(viewModel.busyProperty().get()).isFalse();
            assertThat(viewModel.statusProperty().get()).isEqualTo("0 entries");

            Path nowhere = Files.writeString(dir.resolve("not-a-directory"), "").resolve("audit.json");
            viewModel.export(AuditFormat.JSON, nowhere);
            assertThat(viewModel.busyProperty().get()).isTrue();
            assertThat(viewModel.statusProperty().get()).isEqualTo("Exporting the audit log to " + nowhere + "…");
            queued.removeFirst().run();
            assertThat(viewModel.busyProperty().get()).isFalse();
            assertThat(viewModel.problemProperty().get()).isTrue();
            assertThat(viewModel.statusProperty().get()).contains("cannot write " + nowhere);
        }
    }
}
