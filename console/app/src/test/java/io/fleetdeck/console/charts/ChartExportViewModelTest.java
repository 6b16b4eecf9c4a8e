package io.fleetdeck.console.charts;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's state as the pane shows it, with the background work run step by step on the test's thread. */
class ChartExportViewModelTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @TempDir
    Path dir;
    private SqliteReadingStore store;
    private final Queue<Runnable> background = new ArrayDeque<>();
    private Path chosen;
    private ChartExportViewModel viewModel;

    @BeforeEach
    void history() throws InterruptedException {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir.resolve("data")));
        store.append(PI, List.of(new Reading("cpu_temp", T0.toEpochMilli(), 41.5),
                new Reading("cpu_temp", T0.toEpochMilli() + 1000, 42.0)));
        store.flush();
        chosen = dir.resolve("out.csv");
        viewModel = new ChartExportViewModel(PI, store, new BackgroundTasks(background::add, Runnable::run),
                name -> Optional.ofNullable(chosen), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void suggestsDeviceSensorAndRangeAsTheFileName() {
        assertThat(viewModel.suggestedName("cpu_temp", T0.toEpochMilli(), T0.toEpochMilli() + 90_000))
                .isEqualTo("pi-1-cpu_temp-20261101T080000Z-20261101T080130Z.csv");
    }

    @Test
    void runsInTheBackgroundAndShowsTheOutcome() throws Exception {
        viewModel.exportSensor("cpu_temp", viewModel.lastSeconds(60));

        assertThat(viewModel.runningProperty().get()).isTrue();
        assertThat(viewModel.statusProperty().get()).isEqualTo("Exporting cpu_temp…");
        runBackground();

        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get()).isEqualTo("Exported 2 readings to " + chosen.toAbsolutePath());
        assertThat(viewModel.writtenProperty().get()).isEqualTo(2);
        assertThat(viewModel.lastResultProperty().get().readings()).isEqualTo(2);
        assertThat(Files.readAllLines(chosen)).hasSize(3);
    }

    @Test
    void aCancelledExportSaysSoAndLeavesNoFile() throws Exception {
        viewModel.exportAllSensors(viewModel.lastSeconds(60));
        viewModel.cancel();
        runBackground();

        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get()).isEqualTo("Export cancelled; no file written");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("data");
        }
    }

    @Test
    void startsNothingWhenTheOperatorCancelsTheDialog() {
        chosen = null;

        viewModel.exportSensor("cpu_temp", viewModel.lastSeconds(60));

        assertThat(background).isEmpty();
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get()).isEmpty();
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }
}
