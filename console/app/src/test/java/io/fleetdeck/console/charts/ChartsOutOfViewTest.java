package io.fleetdeck.console.charts;

import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four sensors in a detail pane two charts high: the charts scrolled out of sight draw nothing while their readings
 * arrive (each redraw of a chart out of sight made the renderer paint the whole window), and draw every one of them
 * once scrolled into view.
 */
@ExtendWith(ApplicationExtension.class)
class ChartsOutOfViewTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long NOW = System.currentTimeMillis();
    private static final int READINGS = 20;
    @TempDir
    Path dir;
    private final LiveFeedHub hub = new LiveFeedHub();
    private SqliteReadingStore store;
    private ExecutorService background;
    private DeviceDetailView view;

    @Start
    void start(Stage stage) {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir.resolve("data")));
        background = Executors.newSingleThreadExecutor();
        FleetRegistry registry = new FleetRegistry();
        registry.recordInfo(PI, info(), NOW);
        view = (DeviceDetailView) new ChartDetailFactory(hub, store, new BackgroundTasks(background,
                Platform::runLater), Clock.systemUTC(), name -> Optional.empty(), FirmwareJobs.NONE)
                .open(registry.devices().getFirst());
        stage.setScene(new Scene((Parent) view.node(), 900, 560));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.close()).get(10, TimeUnit.SECONDS);
        background.shutdownNow();
        store.close();
    }

    @Test
    void aChartOutOfSightDrawsItsPointsWhenScrolledIntoView(FxRobot robot) throws Exception {
        FxWait.until("the pane has its four charts", Duration.ofSeconds(10),
                () -> robot.lookup(".sensor-chart").queryAll().size() == 4);
        // History (none) comes first; live points are drawn only after it.
        WaitForAsyncUtils.waitForFxEvents();
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            long ts = NOW - (READINGS - i) * 1000L;
            for (int sensor = 1; sensor <= 4; sensor++) {
                readings.add(new Reading("s" + sensor, ts, 20 + sensor + i % 3));
            }
        }
        hub.publish(PI, readings);

        FxWait.until("the first chart draws its points", Duration.ofSeconds(20),
                () -> view.pointCount("s1") >= READINGS);
        pulses(10);
        int lastBefore = WaitForAsyncUtils.asyncFx(() -> view.pointCount("s4")).get(10, TimeUnit.SECONDS);
        assertThat(lastBefore).as("points drawn on the chart scrolled out of sight").isZero();

        robot.interact(() -> robot.lookup(".chart-scroll").queryAs(ScrollPane.class).setVvalue(1));
        FxWait.until("the last chart draws all its points once in view", Duration.ofSeconds(20),
                () -> view.pointCount("s4") >= READINGS);
    }

    /** Waits for {@code count} pulses of the FX thread. */
    private static void pulses(int count) throws InterruptedException {
        CountDownLatch left = new CountDownLatch(count);
        AnimationTimer[] timer = new AnimationTimer[1];
        Platform.runLater(() -> {
            timer[0] = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    left.countDown();
                    if (left.getCount() == 0) {
                        stop();
                    }
                }
            };
            timer[0].start();
        });
        assertThat(left.await(10, TimeUnit.SECONDS)).as("pulses ran").isTrue();
    }

    private static DeviceInfo info() {
        List<SensorDescriptor> sensors = IntStream.rangeClosed(1, 4)
                .mapToObj(i -> new SensorDescriptor("s" + i, "temperature", "°C", "Sensor " + i, 1000)).toList();
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "2.0.0", Slot.B, sensors,
                List.of("ota"), NOW - 60_000);
    }
}
