package io.fleetdeck.console.cli;

import io.fleetdeck.console.app.ConsoleCommand;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetdeck export} run as the launcher runs it, in-process, on a history file a real store wrote. */
class ExportCommandTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final DeviceId OTHER = DeviceId.of("pi-2");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path data;
    @TempDir
    Path outDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void history() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(data))) {
            store.recordDevice(PI, info("cpu_temp", "humidity"), T0.toEpochMilli());
            store.recordDevice(OTHER, info("cpu_temp"), T0.toEpochMilli());
            for (int s = 0; s < 5; s++) {
                long ts = T0.toEpochMilli() + s * 1000L;
                store.append(PI, List.of(new Reading("cpu_temp", ts, 40 + s), new Reading("humidity", ts, 50.5)));
                store.append(OTHER, List.of(new Reading("cpu_temp", ts, 30 + s)));
            }
            store.flush();
        }
    }

    @Test
    void exportsOneSensorOfOneDeviceOverAnInclusiveRangeToAFile() throws Exception {
        Path file = outDir.resolve("pi-1.csv");

        int exit = run("--data", data.toString(), "--device", "pi-1", "--sensor", "cpu_temp",
                "--from", "2026-11-01T00:00:01Z", "--to", "2026-11-01T00:00:03Z", "--output", file.toString());

        assertThat(exit).as(err.toString()).isEqualTo(0);
        long ms = T0.toEpochMilli();
        assertThat(Files.readAllLines(file)).containsExactly("device,sensor,ts_ms,time_utc,value",
                "pi-1,cpu_temp," + (ms + 1000) + ",2026-11-01T00:00:01.000Z,41.0",
                "pi-1,cpu_temp," + (ms + 2000) + ",2026-11-01T00:00:02.000Z,42.0",
                "pi-1,cpu_temp," + (ms + 3000) + ",2026-11-01T00:00:03.000Z,43.0");
        assertThat(err.toString()).contains("Exported 3 readings of 1 sensor to " + file.toAbsolutePath());
        assertThat(stdout.size()).isZero();
    }

    @Test
    void writesEverythingAsJsonLinesToStandardOutputWithRelativeTimes() {
        int exit = run("--data", data.toString(), "--from", "-3s", "--to", "now", "--format", "jsonl");

        assertThat(exit).as(err.toString()).isEqualTo(0);
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        // The clock stands at T0 + 4 s: from T0 + 1 s to T0 + 4 s, 4 seconds of 3 sensors.
        assertThat(lines).hasSize(12).allSatisfy(line -> assertThat(line).startsWith("{\"device\":\"pi-"));
        assertThat(lines.getFirst()).isEqualTo("{\"device\":\"pi-1\",\"sensor\":\"cpu_temp\",\"ts_ms\":"
                + (T0.toEpochMilli() + 1000) + ",\"time_utc\":\"2026-11-01T00:00:01.000Z\",\"value\":41.0}");
        assertThat(err.toString()).contains("Exported 12 readings of 3 sensors to standard output");
    }

    @Test
    void refusesBadArgumentsWithExitCode2() {
        assertThat(run("--data", data.toString(), "--from", "yesterday-ish")).isEqualTo(2);
        assertThat(err.toString()).contains("not a time: 'yesterday-ish'");
        assertThat(run("--data", data.toString(), "--format", "parquet")).isEqualTo(2);
        assertThat(run("--data", data.toString(), "--from", "now", "--to", "-1h")).isEqualTo(2);
        assertThat(run("--data", data.toString(), "--device", "not/a/device")).isEqualTo(2);
        assertThat(run("--data", data.toString(), "--sensor", "Bad Sensor")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void aMissingHistoryIsAnErrorWithItsCause() throws Exception {
        Path empty = Files.createDirectories(outDir.resolve("empty"));

        int exit = run("--data", empty.toString(), "--output", outDir.resolve("x.csv").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no history file " + empty.resolve("fleetdeck.db"));
        try (Stream<Path> files = Files.list(outDir)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("empty");
        }
    }

    @Test
    void anUnwritableOutputIsAnErrorWithThePath() throws Exception {
        Path notADirectory = Files.writeString(outDir.resolve("file"), "x");

        int exit = run("--data", data.toString(), "--output", notADirectory.resolve("x.csv").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot write export " + notADirectory.resolve("x.csv"));
    }

    @Test
    void printsItsUsageWithHelp() {
        assertThat(run("--help")).isEqualTo(0);

        assertThat(out.toString()).contains("Usage: fleetdeck export", "--device=ID", "--from=TIME", "csv|jsonl",
                "Exit codes:");
    }

    @Test
    void readsTheConsolesDataDirectoryByDefault() {
        CommandLine launcher = new CommandLine(new ConsoleCommand());

        Object exportDefault = launcher.getSubcommands().get("export").getCommandSpec().findOption("--data")
                .getValue();
        Object consoleDefault = launcher.getCommandSpec().findOption("--data").getValue();

        assertThat(exportDefault).isEqualTo(consoleDefault).isEqualTo(ConsoleSettings.defaultDataDirectory());
    }

    private int run(String... args) {
        String[] all = Stream.concat(Stream.of("export"), Stream.of(args)).toArray(String[]::new);
        CommandLine launcher = new CommandLine(new ConsoleCommand());
        // The launcher's command writes "-" to the process's standard output; these tests read it from a buffer.
        launcher.getCommandSpec().removeSubcommand("export");
        Clock clock = Clock.fixed(T0.plusSeconds(4), ZoneOffset.UTC);
        return launcher.addSubcommand(new ExportCommand(clock, () -> stdout))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
    }

    private static DeviceInfo info(String... sensors) {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi", "1.2.0", Slot.A,
                Stream.of(sensors).map(id -> new SensorDescriptor(id, "temperature", "°C", id, 1000)).toList(),
                List.of("ota"), T0.toEpochMilli() - 60_000);
    }
}
