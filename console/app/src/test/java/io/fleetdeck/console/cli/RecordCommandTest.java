package io.fleetdeck.console.cli;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.images.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetdeck record} run as the launcher runs it, on a data directory real stores wrote. */
class RecordCommandTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @TempDir
    Path data;
    @TempDir
    Path outDir;
    @TempDir
    Path downloads;
    private final FleetCli cli = new FleetCli();
    private final byte[] raw = TestImages.raw(40_000, 5);
    private FirmwareImage image;

    @BeforeEach
    void stores() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(data))) {
            store.recordDevice(PI, new DeviceInfo("Raspberry Pi 4", "1", "pi-1", "1.0.0", Slot.A,
                    List.of(new SensorDescriptor("cpu_temp", "temperature", "°C", "SoC temperature", 1000),
                            new SensorDescriptor("humidity", "humidity", "%", "Humidity", 1000)),
                    List.of(), T0.toEpochMilli()), T0.toEpochMilli());
            for (int s = 0; s < 5; s++) {
                long ts = T0.toEpochMilli() + s * 1000L;
                store.append(PI, List.of(new Reading("cpu_temp", ts, 40 + s), new Reading("humidity", ts, 50)));
            }
            store.flush();
        }
        Clock atT0 = Clock.fixed(T0.plusSeconds(2), ZoneOffset.UTC);
        try (SqliteFirmwareLibrary library = SqliteFirmwareLibrary.open(data, OperatorKey.loadOrCreate(data),
                new ManifestSignatures(new PayloadCodec()), atT0)) {
            image = library.importImage(TestImages.write(downloads.resolve("fleetdeck-2.0.0.img"), raw));
        }
        try (FleetDatabase fleet = FleetDatabase.open(data, atT0)) {
            new SqliteAuditLog(fleet, atT0, "erin").succeeded(AuditAction.IMPORT, image.name(), "version 2.0.0");
        }
    }

    @Test
    void writesTheRecordOfARangeWithTheChosenSensor() throws Exception {
        Path zipFile = outDir.resolve("session.zip");

        int exit = cli.run("record", "--data-dir", data.toString(), "--from", "2026-11-01T08:00:00Z",
                "--to", "2026-11-01T08:00:03Z", "--sensor", "cpu_temp", "-o", zipFile.toString());

        assertThat(exit).as(cli.err.toString()).isEqualTo(RecordCommand.WRITTEN);
        assertThat(cli.out.toString()).isEqualTo("Wrote " + zipFile.toAbsolutePath()
                + ": 1 actions, 1 images, 0 installs, 1 sensors, 4 readings" + System.lineSeparator());
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName).toList()).containsExactly("audit.csv", "firmware.csv",
                    "installs.csv", "telemetry/pi-1/cpu_temp.csv", "charts/pi-1-cpu_temp.png", "summary.md");
            assertThat(text(zip, "firmware.csv")).contains("," + TestImages.sha256(raw) + ",");
            assertThat(text(zip, "telemetry/pi-1/cpu_temp.csv").lines().toList()).hasSize(5)
                    .last().isEqualTo("pi-1,cpu_temp," + (T0.toEpochMilli() + 3000)
                            + ",2026-11-01T08:00:03.000Z,43.0");
            assertThat(ImageIO.read(zip.getInputStream(zip.getEntry("charts/pi-1-cpu_temp.png")))).isNotNull();
            assertThat(text(zip, "summary.md")).contains("- **Operators:** erin",
                    "| pi-1 | SoC temperature | °C | 4 | 40 | 41.5 | 43 |");
        }
        try (FleetDatabase fleet = FleetDatabase.open(data, Clock.systemUTC())) {
            AuditEntry last = new SqliteAuditLog(fleet, Clock.systemUTC(), "x").entries(Optional.empty()).getLast();
            assertThat(last.action()).isEqualTo(AuditAction.SESSION_RECORD);
            assertThat(last.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
        }
    }

    @Test
    void aTargetInAMissingDirectoryFailsWithItsNameAndWritesNothing() throws Exception {
        Path zipFile = outDir.resolve("missing").resolve("session.zip");

        int exit = cli.run("record", "--data-dir", data.toString(), "--from", "2026-11-01T08:00:00Z", "-o",
                zipFile.toString());

        assertThat(exit).isEqualTo(RecordCommand.FAILED);
        assertThat(cli.err.toString()).startsWith("fleetdeck record: cannot write export " + zipFile.toAbsolutePath());
        try (Stream<Path> files = Files.list(outDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsAUsageError() {
        int exit = cli.run("record", "--data-dir", data.toString(), "--from", "2026-11-01T09:00:00Z", "--to",
                "2026-11-01T08:00:00Z", "-o", outDir.resolve("x.zip").toString());

        assertThat(exit).isEqualTo(RecordCommand.USAGE);
        assertThat(cli.err.toString()).contains("--from 2026-11-01T09:00:00Z is after --to 2026-11-01T08:00:00Z");
    }

    private static String text(ZipFile zip, String name) throws Exception {
        return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
