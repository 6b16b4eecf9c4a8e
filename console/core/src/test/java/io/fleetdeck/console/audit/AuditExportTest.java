package io.fleetdeck.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeck.console.storage.FleetDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries stored in a real {@code fleet.db}, read back and written as CSV and JSON. */
class AuditExportTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00.250Z");

    private List<AuditEntry> stored(Optional<Instant> since) {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            new SqliteAuditLog(database, Clock.fixed(T0, ZoneOffset.UTC), "alice")
                    .succeeded(AuditAction.ADOPT, "pi-1", "with its pairing code");
            new SqliteAuditLog(database, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC), "bob")
                    .failed(AuditAction.CANCEL, "job-7", "pi-2: it is \"REBOOTING\", and cannot be stopped\nhere");
        }
        try (FleetDatabase reopened = FleetDatabase.open(dir, Clock.systemUTC())) {
            return new SqliteAuditLog(reopened, Clock.systemUTC(), "carol").entries(since);
        }
    }

    @Test
    void writesCsvWithFieldsQuotedWhereRfc4180AsksForIt() throws Exception {
        StringWriter out = new StringWriter();
        AuditExport.write(stored(Optional.empty()), AuditFormat.CSV, out);
        assertThat(out.toString()).isEqualTo("id,time_utc,user,action,target,detail,outcome\r\n"
                + "1,2026-12-01T08:00:00.250Z,alice,ADOPT,pi-1,with its pairing code,SUCCEEDED\r\n"
                + "2,2026-12-01T08:01:00.250Z,bob,CANCEL,job-7,"
                + "\"pi-2: it is \"\"REBOOTING\"\", and cannot be stopped\nhere\",FAILED\r\n");
    }

    @Test
    void aDeviceSuppliedReasonThatLooksLikeAFormulaIsWrittenAsText() throws Exception {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            new SqliteAuditLog(database, Clock.fixed(T0, ZoneOffset.UTC), "alice")
                    .failed(AuditAction.CANCEL, "job-9", "=HYPERLINK(\"http://example.invalid\")");
            StringWriter out = new StringWriter();
            AuditExport.write(new SqliteAuditLog(database, Clock.systemUTC(), "alice").entries(Optional.empty()),
                    AuditFormat.CSV, out);
            assertThat(out.toString()).endsWith(
                    ",alice,CANCEL,job-9,\"'=HYPERLINK(\"\"http://example.invalid\"\")\",FAILED\r\n");
        }
    }

    @Test
    void writesJsonThatReadsBackToTheSameEntries() throws Exception {
        StringWriter out = new StringWriter();
        AuditExport.write(stored(Optional.empty()), AuditFormat.JSON, out);
        JsonNode array = new ObjectMapper().readTree(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        assertThat(array.get(0).get("user").asText()).isEqualTo("alice");
        assertThat(array.get(0).get("action").asText()).isEqualTo("ADOPT");
        assertThat(array.get(0).get("time_utc").asText()).isEqualTo("2026-12-01T08:00:00.250Z");
        assertThat(array.get(1).get("detail").asText())
                .isEqualTo("pi-2: it is \"REBOOTING\", and cannot be stopped\nhere");
        assertThat(array.get(1).get("outcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void sinceLeavesOutOlderEntries() {
        assertThat(stored(Optional.of(T0.plusSeconds(1)))).extracting(AuditEntry::target).containsExactly("job-7");
    }
}
