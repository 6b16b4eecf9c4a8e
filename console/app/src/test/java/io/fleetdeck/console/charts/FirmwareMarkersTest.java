package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device's charts across a firmware update: the job that committed 2.0.0 draws a marker on every chart, and the
 * comparison shows each sensor's readings over equal spans before and after it, from a real SQLite history.
 */
@ExtendWith(ApplicationExtension.class)
class FirmwareMarkersTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long NOW = System.currentTimeMillis();
    /** Two minutes ago: the default 5 min window shows it; the span is the time since then, a little over 120 s. */
    private static final long UPDATE = NOW - 120_000;
    @TempDir
    static Path dir;
    private static SqliteReadingStore store;

    private final List<RolloutJob> jobs = new CopyOnWriteArrayList<>();
    private final AtomicLong revision = new AtomicLong();
    private ExecutorService background;
    private DeviceDetailFactory.DetailPane pane;

    @BeforeAll
    static void history() throws InterruptedException {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir.resolve("data")));
        store.recordDevice(PI, info(), NOW);
        List<Reading> readings = new ArrayList<>();
        // 1 Hz: before the update around 40 °C (39..41), after it around 50 °C (49..51).
        for (long ts = UPDATE - 119_000; ts <= UPDATE + 110_000; ts += 1000) {
            double base = ts < UPDATE ? 40 : 50;
            readings.add(new Reading("cpu_temp", ts, base + (ts / 1000 % 2 == 0 ? -1 : 1)));
        }
        store.append(PI, readings);
        store.flush();
    }

    @AfterAll
    static void closeHistory() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        background = Executors.newSingleThreadExecutor();
        FleetRegistry registry = new FleetRegistry();
        registry.recordInfo(PI, info(), NOW);
        DeviceSnapshot device = registry.devices().getFirst();
        FirmwareJobs feed = new FirmwareJobs() {
            @Override
            public List<RolloutJob> jobs() {
                return List.copyOf(jobs);
            }

            @Override
            public long revision() {
                return revision.get();
            }
        };
        pane = new ChartDetailFactory(new LiveFeedHub(), store, new BackgroundTasks(background, Platform::runLater),
                Clock.systemUTC(), name -> Optional.empty(), feed).open(device);
        stage.setScene(new Scene((Parent) pane.node(), 1000, 800));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> pane.close()).get(10, TimeUnit.SECONDS);
        background.shutdownNow();
    }

    @Test
    void aCommittedUpdateIsMarkedOnTheChartAndComparedBeforeAndAfter(FxRobot robot) throws Exception {
        XYChart chart = robot.lookup("#chart-cpu_temp").queryAs(XYChart.class);
        assertThat(robot.lookup("#compare-update").query().isDisabled()).isTrue();

        jobs.add(job("job-1", "2.0.0", InstallState.COMMITTED, UPDATE));
        jobs.add(job("job-0", "1.9.0", InstallState.FAILED, UPDATE - 30_000));
        revision.incrementAndGet();
        waitUntil(() -> chart.getPlugins().stream().anyMatch(XValueIndicator.class::isInstance));

        List<XValueIndicator> markers = chart.getPlugins().stream().filter(XValueIndicator.class::isInstance)
                .map(XValueIndicator.class::cast).toList();
        assertThat(markers).singleElement().satisfies(marker -> {
            assertThat(marker.getValue()).isEqualTo(UPDATE / 1000.0);
            assertThat(marker.getText()).isEqualTo("fw 2.0.0");
        });

        robot.clickOn("#compare-update");
        robot.clickOn("#compare-job-1");
        TableView<?> table = robot.lookup("#update-comparison").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1);

        SensorComparison row = (SensorComparison) table.getItems().getFirst();
        assertThat(row.before().count()).isEqualTo(119); // the reading at the change itself is on neither side
        assertThat(row.after().count()).isEqualTo(110);
        assertThat(row.before().mean()).isBetween(39.9, 40.1);
        assertThat(row.before().min()).isEqualTo(39.0);
        assertThat(row.after().max()).isEqualTo(51.0);
        assertThat(row.meanChange()).isBetween(9.8, 10.2);
        assertThat(robot.lookup("#comparison-status").queryAs(Label.class).getText())
                .matches("2 min( \\d s)? before and after fw 2\\.0\\.0 \\(job job-1\\)");
    }

    @Test
    void aRolledBackUpdateIsMarkedAsSuch(FxRobot robot) throws Exception {
        XYChart chart = robot.lookup("#chart-cpu_temp").queryAs(XYChart.class);
        jobs.add(job("job-2", "2.1.0", InstallState.ROLLED_BACK, UPDATE + 60_000));
        revision.incrementAndGet();

        waitUntil(() -> chart.getPlugins().stream().anyMatch(XValueIndicator.class::isInstance));
        assertThat(chart.getPlugins().stream().filter(XValueIndicator.class::isInstance)
                .map(plugin -> ((XValueIndicator) plugin).getText())).containsExactly("fw 2.1.0 rolled back");
    }

    private static RolloutJob job(String id, String version, InstallState state, long endedMs) {
        return new RolloutJob(id, PI, 1, "fw-" + version + ".img", version, state, 0, 0, 0, OptionalLong.empty(), "",
                endedMs - 60_000, endedMs);
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        FxWait.until("the chart shows the markers", Duration.ofSeconds(30), condition);
    }

    private static DeviceInfo info() {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "2.0.0", Slot.B,
                List.of(new SensorDescriptor("cpu_temp", "temperature", "°C", "CPU temperature", 1000)),
                List.of("ota"), NOW - 60_000);
    }
}
