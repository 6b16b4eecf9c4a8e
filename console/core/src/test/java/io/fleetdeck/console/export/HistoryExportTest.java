package io.fleetdeck.console.export;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.ReadOnlyHistory;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HistoryExportTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final DeviceId OTHER = DeviceId.of("pi-2");
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    /** No -0.0: the current SQLite schema stores it as 0 (a REAL column's integer shortcut), before any export. */
    private static final double[] ODD = {0.1 + 0.2, Double.MIN_NORMAL, Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, 1e21,
            123456789.123456789, 5e-324, 1.0 / 3, -273.15};

    @TempDir
    Path dir;
    private SqliteReadingStore store;

    @BeforeEach
    void openStore() throws InterruptedException {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir.resolve("data")));
        store.recordDevice(PI, info("cpu_temp", "humidity"), T0);
        store.recordDevice(OTHER, info("cpu_temp"), T0);
        List<Reading> odd = new ArrayList<>();
        for (int i = 0; i < ODD.length; i++) {
            odd.add(new Reading("cpu_temp", T0 + i * 250L, ODD[i]));
        }
        store.append(PI, odd);
        store.append(PI, List.of(new Reading("humidity", T0, 55.5), new Reading("humidity", T0 + 1000, 56.0)));
        store.append(OTHER, List.of(new Reading("cpu_temp", T0 + 10, 40.0)));
        store.flush();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void roundTripsOddDoublesWithTimesInUtc() throws IOException {
        Path out = dir.resolve("pi-1.csv");

        ExportResult result = new HistoryExport(store).toFile(ExportRequest.of(PI, "cpu_temp", T0, T0 + 60_000,
                ExportFormat.CSV), out, ExportListener.NONE, () -> false);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines.getFirst()).isEqualTo("device,sensor,ts_ms,time_utc,value");
        assertThat(lines).hasSize(ODD.length + 1);
        for (int i = 0; i < ODD.length; i++) {
            String[] fields = lines.get(i + 1).split(",");
            assertThat(fields[0]).isEqualTo("pi-1");
            assertThat(fields[1]).isEqualTo("cpu_temp");
            assertThat(Long.parseLong(fields[2])).isEqualTo(T0 + i * 250L);
            assertThat(Instant.parse(fields[3])).isEqualTo(Instant.ofEpochMilli(T0 + i * 250L));
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(fields[4])))
                    .as("value %s read back bit for bit", ODD[i]).isEqualTo(Double.doubleToRawLongBits(ODD[i]));
        }
        assertThat(lines.get(2)).isEqualTo("pi-1,cpu_temp," + (T0 + 250) + ",2026-11-01T00:00:00.250Z,2.2250738585072014E-308");
        assertThat(result).isEqualTo(new ExportResult(java.util.Optional.of(out.toAbsolutePath()), ODD.length, 1));
    }

    @Test
    void takesBothEndsOfTheRange() throws IOException {
        Path out = dir.resolve("edges.csv");

        new HistoryExport(store).toFile(ExportRequest.of(PI, "cpu_temp", T0 + 250, T0 + 750, ExportFormat.CSV), out,
                ExportListener.NONE, () -> false);

        assertThat(rows(out)).extracting(line -> line.split(",")[2])
                .containsExactly(String.valueOf(T0 + 250), String.valueOf(T0 + 500), String.valueOf(T0 + 750));
    }

    @Test
    void exportsEverySensorOfEveryDeviceWhenNoneAreNamed() throws IOException {
        Path out = dir.resolve("all.csv");

        ExportResult result = new HistoryExport(store).toFile(new ExportRequest(List.of(), List.of(), 0,
                Long.MAX_VALUE, ExportFormat.CSV), out, ExportListener.NONE, () -> false);

        assertThat(rows(out).stream().map(line -> line.split(",")[0] + "/" + line.split(",")[1]).distinct())
                .containsExactly("pi-1/cpu_temp", "pi-1/humidity", "pi-2/cpu_temp");
        assertThat(result.readings()).isEqualTo(ODD.length + 3);
        assertThat(result.sensors()).isEqualTo(3);
    }

    @Test
    void writesJsonLinesWithTheSameFields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new HistoryExport(store).toStream(ExportRequest.of(PI, "humidity", T0, T0 + 1000, ExportFormat.JSON_LINES),
                out, ExportListener.NONE, () -> false);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                {"device":"pi-1","sensor":"humidity","ts_ms":%d,"time_utc":"2026-11-01T00:00:00.000Z","value":55.5}
                {"device":"pi-1","sensor":"humidity","ts_ms":%d,"time_utc":"2026-11-01T00:00:01.000Z","value":56.0}
                """.formatted(T0, T0 + 1000));
    }

    @Test
    void reportsProgressUpToTheReadingsWrittenWithTheReadOnlyFilesEstimate() throws Exception {
        List<ExportProgress> seen = new ArrayList<>();
        try (ReadOnlyHistory history = ReadOnlyHistory.open(store.file())) {
            new HistoryExport(history).toStream(new ExportRequest(List.of(PI), List.of(), 0, Long.MAX_VALUE,
                    ExportFormat.CSV), new ByteArrayOutputStream(), seen::add, () -> false);
        }

        assertThat(seen).isNotEmpty();
        assertThat(seen.getLast().written()).isEqualTo(ODD.length + 2);
        assertThat(seen.getLast().estimatedTotal()).hasValue(ODD.length + 2);
        assertThat(seen).extracting(ExportProgress::written).isSorted();
    }

    @Test
    void aCancelledExportLeavesNoFileBehind() throws InterruptedException {
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < 3 * HistoryExport.PROGRESS_EVERY; i++) {
            many.add(new Reading("humidity", T0 + 10_000 + i, i));
        }
        store.append(PI, many);
        store.flush();
        Path out = dir.resolve("cancelled.csv");
        AtomicBoolean cancel = new AtomicBoolean();

        assertThatThrownBy(() -> new HistoryExport(store).toFile(ExportRequest.of(PI, "humidity", 0, Long.MAX_VALUE,
                ExportFormat.CSV), out, progress -> cancel.set(progress.written() > 0), cancel::get))
                .isInstanceOf(ExportCancelledException.class);

        assertThat(out).doesNotExist();
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().contains("cancelled"));
    }

    @Test
    void anInterruptedExportLeavesAnExistingFileAsItWas() throws IOException {
        Path out = dir.resolve("kept.csv");
        Files.writeString(out, "an older export\n");

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new HistoryExport(store).toFile(ExportRequest.of(PI, "cpu_temp", 0,
                    Long.MAX_VALUE, ExportFormat.CSV), out, ExportListener.NONE, () -> false))
                    .isInstanceOf(ExportCancelledException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(out).hasContent("an older export");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).extracting(path -> path.getFileName().toString())
                    .containsExactlyInAnyOrder("data", "kept.csv");
        }
    }

    @Test
    void anUnwritableOutputDirectoryFailsWithThePath() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path out = notADirectory.resolve("export.csv");

        assertThatThrownBy(() -> new HistoryExport(store).toFile(ExportRequest.of(PI, "cpu_temp", 0, Long.MAX_VALUE,
                ExportFormat.CSV), out, ExportListener.NONE, () -> false))
                .isInstanceOf(ExportWriteException.class)
                .hasMessageContaining(out.toString())
                .satisfies(e -> assertThat(((ExportWriteException) e).target()).isEqualTo(out.toAbsolutePath()));
    }

    @Test
    void aFullDiskIsNamedAsSuch() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full, which fails every write with ENOSPC");

        try (FileOutputStream out = new FileOutputStream(full.toFile())) {
            assertThatThrownBy(() -> new HistoryExport(store).toStream(ExportRequest.of(PI, "cpu_temp", 0,
                    Long.MAX_VALUE, ExportFormat.CSV), out, ExportListener.NONE, () -> false))
                    .isInstanceOf(ExportDiskFullException.class)
                    .hasMessageContaining("no space left");
        }
    }

    private static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    static DeviceInfo info(String... sensors) {
        List<SensorDescriptor> descriptors = new ArrayList<>();
        for (String sensor : sensors) {
            descriptors.add(new SensorDescriptor(sensor, "temperature", "°C", sensor + " label", 1000));
        }
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "1.2.0", Slot.A,
                descriptors, List.of("ota"), T0 - 60_000);
    }
}
