package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Export CSV…" as an operator uses it: a device's detail pane over a real SQLite history, the menu clicked, the save
 * dialog answered by a stand-in (no headless test can drive the native one), the file and the pane's outcome read.
 */
@ExtendWith(ApplicationExtension.class)
class ChartExportTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final double[] VALUES = {0.1 + 0.2, 1.0 / 3, -273.15, 1e-300, 123456789.123456789};
    @TempDir
    static Path dir;
    private static SqliteReadingStore store;
    private static final List<Reading> STORED = new ArrayList<>();

    private final AtomicReference<String> suggested = new AtomicReference<>();
    private final AtomicReference<Path> answer = new AtomicReference<>();
    private ExecutorService background;
    private DeviceDetailFactory.DetailPane pane;

    @BeforeAll
    static void history() throws InterruptedException {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir.resolve("data")));
        long now = System.currentTimeMillis();
        store.recordDevice(PI, info(), now);
        // Inside the chart's default 5 min window, so the pane draws them from history.
        for (int i = 0; i < 50; i++) {
            STORED.add(new Reading("cpu_temp", now - 60_000 + i * 1000L + 7, VALUES[i % VALUES.length] + i));
        }
        store.append(PI, STORED);
        store.append(PI, List.of(new Reading("humidity", now - 30_000, 55.5)));
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
        registry.recordInfo(PI, info(), System.currentTimeMillis());
        DeviceSnapshot device = registry.devices().getFirst();
        ExportFileChooser chooser = name -> {
            suggested.set(name);
            return Optional.ofNullable(answer.get());
        };
        pane = new ChartDetailFactory(new LiveFeedHub(), store, new BackgroundTasks(background, Platform::runLater),
                Clock.systemUTC(), chooser).open(device);
        stage.setScene(new Scene((Parent) pane.node(), 1000, 800));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> pane.close()).get(10, TimeUnit.SECONDS);
        background.shutdownNow();
    }

    @Test
    void exportsWhatTheChartShowsToTheChosenFileAndSaysSo(FxRobot robot) throws Exception {
        Path target = dir.resolve("chosen.csv");
        answer.set(target);
        XYChart chart = robot.lookup("#chart-cpu_temp").queryAs(XYChart.class);
        waitUntil("the chart draws the stored readings", () -> chart.getDatasets().getFirst().getDataCount() == 50);

        robot.clickOn("#export-csv");
        robot.clickOn("CPU temperature (cpu_temp), as shown");
        waitUntil("the export is done", () -> status(robot).startsWith("Exported"));

        assertThat(suggested.get()).matches("pi-1-cpu_temp-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}Z\\.csv");
        List<String> lines = Files.readAllLines(target);
        assertThat(lines.getFirst()).isEqualTo("device,sensor,ts_ms,time_utc,value");
        List<String> expected = STORED.stream().map(r -> "pi-1,cpu_temp," + r.ts() + ",").toList();
        assertThat(lines.subList(1, lines.size())).hasSize(50).allSatisfy(line ->
                assertThat(line).startsWith("pi-1,cpu_temp,"));
        for (int i = 0; i < 50; i++) {
            String[] fields = lines.get(i + 1).split(",");
            assertThat(lines.get(i + 1)).startsWith(expected.get(i));
            assertThat(Double.parseDouble(fields[4])).isEqualTo(STORED.get(i).value());
        }
        assertThat(status(robot)).isEqualTo("Exported 50 readings to " + target);
        assertThat(robot.lookup("#export-progress").query().isVisible()).isFalse();
    }

    @Test
    void savesThePaneChartsAsAPngImage(FxRobot robot) throws Exception {
        Path target = dir.resolve("charts.png");
        answer.set(target);
        XYChart chart = robot.lookup("#chart-cpu_temp").queryAs(XYChart.class);
        waitUntil("the chart draws the stored readings", () -> chart.getDatasets().getFirst().getDataCount() == 50);

        robot.clickOn("#export-csv");
        robot.clickOn("#export-png");
        waitUntil("the image is saved", () -> status(robot).startsWith("Saved the charts"));

        assertThat(suggested.get()).matches("pi-1-charts-\\d{8}T\\d{6}Z\\.png");
        assertThat(status(robot)).isEqualTo("Saved the charts to " + target);
        // A real PNG of both charts: as wide as the pane's chart column, as tall as two chart holders.
        javafx.scene.image.Image image = new javafx.scene.image.Image(target.toUri().toString());
        assertThat(image.isError()).isFalse();
        assertThat(image.getWidth()).isGreaterThan(500);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(2 * 200);
        assertThat(Files.readAllBytes(target)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void showsWhyAnExportFailedAndLeavesTheMenuUsable(FxRobot robot) throws Exception {
        Path nowhere = dir.resolve("no-such-directory").resolve("x.csv");
        answer.set(nowhere);

        robot.clickOn("#export-csv");
        robot.clickOn("All sensors, selected window");
        waitUntil("the export fails", () -> status(robot).startsWith("Export failed"));

        assertThat(suggested.get()).startsWith("pi-1-all-");
        assertThat(status(robot)).contains("cannot write export " + nowhere);
        assertThat(robot.lookup("#export-csv").query().isDisabled()).isFalse();
        assertThat(nowhere.getParent()).doesNotExist();
    }

    @Test
    void doesNothingWhenTheOperatorCancelsTheDialog(FxRobot robot) {
        answer.set(null);

        robot.clickOn("#export-csv");
        robot.clickOn("All sensors, selected window");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(suggested.get()).isNotNull();
        assertThat(status(robot)).isEmpty();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#export-status").queryAs(Label.class).getText();
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(30), condition);
    }

    private static DeviceInfo info() {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "1.2.0", Slot.A,
                List.of(new SensorDescriptor("cpu_temp", "temperature", "°C", "CPU temperature", 1000),
                        new SensorDescriptor("humidity", "humidity", "%", "Humidity", 1000)),
                List.of("ota"), System.currentTimeMillis() - 60_000);
    }
}
