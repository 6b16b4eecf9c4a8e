package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.charts.BackgroundTasks;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.record.SensorRef;
import io.fleetdeck.console.record.SessionRecordResult;
import io.fleetdeck.console.record.SessionRecordWriter;
import io.fleetdeck.console.record.SessionSources;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The form of File → Export session record… over real stores (history, fleet.db) and a real registry, with the
 * background work run step by step on the test's thread.
 */
class SessionRecordViewModelTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final Instant STARTED = Instant.parse("2026-12-03T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-03T09:30:00Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @TempDir
    Path data;
    @TempDir
    Path records;
    private SqliteReadingStore history;
    private FleetDatabase fleet;
    private final FleetRegistry registry = new FleetRegistry();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private SessionRecordViewModel viewModel;

    @BeforeEach
    void open() throws InterruptedException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        history = SqliteReadingStore.open(HistorySettings.defaults(data));
        fleet = FleetDatabase.open(data, clock);
        DeviceInfo info = new DeviceInfo("Raspberry Pi 4", "1", "pi-1", "1.0.0", Slot.A,
                List.of(new SensorDescriptor("cpu_temp", "temperature", "°C", "SoC temperature", 1000),
                        new SensorDescriptor("humidity", "humidity", "%", "Humidity", 1000)),
                List.of(), STARTED.toEpochMilli());
        history.recordDevice(PI, info, STARTED.toEpochMilli());
        history.append(PI, List.of(new Reading("cpu_temp", STARTED.toEpochMilli() + 60_000, 41.0),
                new Reading("humidity", STARTED.toEpochMilli() + 60_000, 50.0)));
        history.flush();
        registry.recordInfo(PI, info, NOW.toEpochMilli());
        SessionRecordWriter writer = new SessionRecordWriter(new SessionSources(new SqliteAuditLog(fleet, clock,
                "frank"), List::of, List::of, history), clock, "frank");
        viewModel = new SessionRecordViewModel(writer, registry::devices, new BackgroundTasks(background::add,
                Runnable::run), clock, STARTED, ZONE, records);
    }

    @AfterEach
    void close() {
        history.close();
        fleet.close();
    }

    @Test
    void startsFromTheConsoleStartUpToNowWithEverySensorTicked() {
        viewModel.reset();

        assertThat(viewModel.fromProperty().get()).isEqualTo("2026-12-03 09:00:00");
        assertThat(viewModel.toProperty().get()).isEqualTo("2026-12-03 10:30:00");
        assertThat(viewModel.targetProperty().get()).isEqualTo(records.resolve(
                "fleetdeck-session-20261203T080000Z-20261203T093000Z.zip").toString());
        assertThat(viewModel.sensors()).extracting(SensorChoice::sensor).containsExactly(
                new SensorRef(PI, "cpu_temp"), new SensorRef(PI, "humidity"));
        assertThat(viewModel.sensors()).extracting(SensorChoice::toString)
                .containsExactly("pi-1 · SoC temperature (°C)", "pi-1 · Humidity (%)");
        assertThat(viewModel.sensors()).allMatch(choice -> choice.chosenProperty().get());
    }

    @Test
    void refusesATimeItCannotReadAndWritesNothing() throws Exception {
        viewModel.reset();
        viewModel.fromProperty().set("yesterday-ish");

        viewModel.export();

        assertThat(viewModel.statusProperty().get()).isEqualTo("Not exported: the start \"yesterday-ish\" is not a "
                + "time like 2026-12-03 10:30:00");
        assertThat(background).isEmpty();
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(files()).isEmpty();
    }

    @Test
    void writesOnlyTheTickedSensorsInTheBackgroundAndShowsTheOutcome() throws Exception {
        viewModel.reset();
        viewModel.sensors().get(1).chosenProperty().set(false);
        Path target = records.resolve("mine.zip");
        viewModel.targetProperty().set(target.toString());

        viewModel.export();
        assertThat(viewModel.runningProperty().get()).isTrue();
        background.remove().run();

        assertThat(viewModel.runningProperty().get()).isFalse();
        SessionRecordResult result = viewModel.lastResultProperty().get();
        assertThat(result.file()).isEqualTo(target.toAbsolutePath());
        assertThat(result.entries()).contains("telemetry/pi-1/cpu_temp.csv").doesNotContain(
                "telemetry/pi-1/humidity.csv");
        assertThat(viewModel.statusProperty().get()).isEqualTo("Wrote " + target.toAbsolutePath()
                + ": 0 actions, 0 images, 0 installs, 1 sensors, 1 readings");
        assertThat(viewModel.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void showsAFailureWithItsCause() {
        viewModel.reset();
        viewModel.targetProperty().set(records.resolve("gone").resolve("x.zip").toString());

        viewModel.export();
        background.remove().run();

        assertThat(viewModel.statusProperty().get()).startsWith("Not exported: cannot write export "
                + records.resolve("gone").resolve("x.zip").toAbsolutePath());
        assertThat(viewModel.lastResultProperty().get()).isNull();
        assertThat(viewModel.runningProperty().get()).isFalse();
    }

    private List<String> files() throws Exception {
        try (Stream<Path> listed = Files.list(records)) {
            return listed.map(path -> path.getFileName().toString()).toList();
        }
    }
}
