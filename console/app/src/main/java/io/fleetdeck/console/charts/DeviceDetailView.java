package io.fleetdeck.console.charts;

import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.ui.ScrollPanes;
import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.scene.control.ProgressIndicator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The right-hand pane for one device: header, chart controls and a live chart per sensor. Its pulse timer drains
 * the view model's pending samples into the charts, one chart per frame, so the FX thread redraws one chart at a time.
 */
public final class DeviceDetailView implements DeviceDetailFactory.DetailPane {
    private static final List<Integer> WINDOWS = List.of(60, 300, 900, 3600);

    private final DeviceDetailViewModel viewModel;
    private final List<SensorChart> charts = new ArrayList<>();
    private final Map<SensorSeries, SensorChart> bySeries = new HashMap<>();
    private final VBox root;
    private final AnimationTimer pulse;
    /** One holder per chart, in order: a chart is drawn while its holder shows in the scroll pane. */
    private final List<Region> holders = new ArrayList<>();
    private final ScrollPane scroll;
    /** The chart the pulse drains next. */
    private int nextDrain;
    private static final java.time.format.DateTimeFormatter MARK_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    public DeviceDetailView(DeviceDetailViewModel viewModel, ChartExportViewModel export,
                            UpdateComparisonViewModel comparison) {
        this.viewModel = viewModel;

        Label title = new Label();
        title.getStyleClass().add("detail-title");
        title.textProperty().bind(viewModel.titleProperty());
        Label details = new Label();
        details.getStyleClass().add("detail-subtitle");
        details.textProperty().bind(viewModel.detailsProperty());
        Label history = new Label();
        history.getStyleClass().add("detail-history");
        history.textProperty().bind(viewModel.historyStateProperty());
        ProgressIndicator historyProgress = new ProgressIndicator();
        historyProgress.setId("history-progress");
        historyProgress.setPrefSize(16, 16);
        historyProgress.setMaxSize(16, 16);
        historyProgress.visibleProperty().bind(viewModel.historyLoadingProperty());
        historyProgress.managedProperty().bind(historyProgress.visibleProperty());

        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("pause-charts");
        pause.selectedProperty().bindBidirectional(viewModel.pausedProperty());
        pause.textProperty().bind(pause.selectedProperty().map(on -> on ? "Resume" : "Pause"));
        ChoiceBox<Integer> window = new ChoiceBox<>();
        window.setId("chart-window");
        window.getItems().setAll(WINDOWS);
        window.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer seconds) {
                return seconds == null ? "" : seconds < 3600 ? "last " + seconds / 60 + " min" : "last 1 h";
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        window.setValue(viewModel.windowSecondsProperty().get());
        window.valueProperty().addListener((obs, old, seconds) -> viewModel.windowSecondsProperty().set(seconds));
        Button resetZoom = new Button("Reset zoom");
        resetZoom.setOnAction(event -> charts.forEach(SensorChart::resetZoom));
        Region spacer = new Region();
        HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
        MenuButton exportMenu = new MenuButton("Export…");
        exportMenu.setId("export-csv");
        exportMenu.disableProperty().bind(export.runningProperty());
        MenuButton compareMenu = new MenuButton("Compare update…");
        compareMenu.setId("compare-update");
        HBox controls = new HBox(8, pause, window, resetZoom, exportMenu, compareMenu, spacer, historyProgress,
                history);
        controls.getStyleClass().add("detail-controls");
        HBox exportLine = exportLine(export);

        VBox chartBox = new VBox(8);
        for (SensorSeries series : viewModel.series()) {
            SensorChart chart = new SensorChart(series, viewModel.windowSecondsProperty().get());
            charts.add(chart);
            bySeries.put(series, chart);
            // ChartFX's own stylesheet asks for 450 px; a fixed holder keeps several sensors on screen.
            javafx.scene.layout.StackPane holder = new javafx.scene.layout.StackPane(chart.node());
            holder.setMinHeight(200);
            holder.setPrefHeight(230);
            holder.setMaxHeight(230);
            holders.add(holder);
            chartBox.getChildren().add(holder);
        }
        if (charts.isEmpty()) {
            Label none = new Label("This device has not announced any sensors yet.");
            none.getStyleClass().add("placeholder");
            chartBox.getChildren().add(none);
        }
        for (SensorChart chart : charts) {
            String sensor = chart.series().sensor().id();
            MenuItem item = new MenuItem(chart.series().sensor().label() + " (" + sensor + "), as shown");
            item.setId("export-" + sensor);
            // What the chart shows, zoomed or not; its selected window while it has drawn nothing yet.
            item.setOnAction(event -> export.exportSensor(sensor, chart.visibleRange()
                    .orElseGet(() -> export.lastSeconds(viewModel.windowSecondsProperty().get()))));
            exportMenu.getItems().add(item);
        }
        MenuItem all = new MenuItem("All sensors, selected window");
        all.setId("export-all");
        all.setOnAction(event -> export.exportAllSensors(
                export.lastSeconds(viewModel.windowSecondsProperty().get())));
        MenuItem image = new MenuItem("Charts as a PNG image…");
        image.setId("export-png");
        image.setOnAction(event -> {
            // Every chart in the image up to date, also those scrolled out of sight.
            if (!viewModel.pausedProperty().get()) {
                charts.forEach(SensorChart::drain);
            }
            chartBox.layout();
            export.exportChartsImage(chartBox.snapshot(new SnapshotParameters(), null));
        });
        exportMenu.getItems().addAll(new SeparatorMenuItem(), all, new SeparatorMenuItem(), image);
        viewModel.windowSecondsProperty().addListener((obs, old, seconds) ->
                charts.forEach(chart -> chart.setWindowSeconds(seconds.intValue())));
        scroll = ScrollPanes.drawnDirectly(new ScrollPane(chartBox));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("chart-scroll");

        viewModel.firmwareChanges().addListener((javafx.collections.ListChangeListener<FirmwareChange>) change ->
                showFirmwareChanges(compareMenu, comparison));
        showFirmwareChanges(compareMenu, comparison);
        VBox comparisonBox = UpdateComparisonTable.box(comparison);

        root = new VBox(6, title, details, controls, exportLine, comparisonBox, scroll);
        root.setId("device-detail");
        root.getStyleClass().add("device-detail");
        root.setPadding(new Insets(12));
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);

        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (!viewModel.pausedProperty().get() && !charts.isEmpty()) {
                    // One chart a pulse: a device's sensors report in one batch, and four charts redrawn in the same
                    // pulse made the slowest frames of the window; a point now waits at most a few frames more.
                    Bounds view = viewportInScene();
                    for (int tried = 0; tried < charts.size(); tried++) {
                        nextDrain = (nextDrain + 1) % charts.size();
                        if (inView(holders.get(nextDrain), view)) {
                            charts.get(nextDrain).drain();
                            break;
                        }
                    }
                }
                viewModel.refreshFirmwareChanges();
            }
        };
        pulse.start();
    }

    /**
     * Whether {@code holder}'s chart shows at least in part in {@code view}, the scroll pane's visible part. Charts
     * scrolled wholly out of sight are not redrawn: JavaFX repaints the whole window when a node that changed lies
     * wholly outside a scroll pane's clip (what remains of the clip is empty, and an empty clip counts as covered),
     * and a hidden node that changes asks for a frame with nothing in it to draw, which is painted whole as well. With
     * four sensors that was a whole-window frame about twice a second, and with software rendering each took 28-114 ms
     * of the render thread (pulse logger in the 1,000-device benchmark). Their points wait (bounded) until they are
     * scrolled back.
     */
    private static boolean inView(Region holder, Bounds view) {
        Bounds chart = holder.localToScene(holder.getLayoutBounds());
        return chart.getMaxY() > view.getMinY() && chart.getMinY() < view.getMaxY()
                && chart.getMaxX() > view.getMinX() && chart.getMinX() < view.getMaxX();
    }

    /** The visible part of the charts' scroll pane, in scene coordinates. */
    private Bounds viewportInScene() {
        Node viewport = scroll.lookup(".viewport");
        Node area = viewport == null ? scroll : viewport;
        return area.localToScene(area.getLayoutBounds());
    }

    /** Marks every firmware change on every chart and offers each one for a before/after comparison. */
    private void showFirmwareChanges(MenuButton compareMenu, UpdateComparisonViewModel comparison) {
        List<FirmwareChange> changes = List.copyOf(viewModel.firmwareChanges());
        charts.forEach(chart -> chart.showFirmwareChanges(changes));
        compareMenu.getItems().clear();
        for (FirmwareChange change : changes.reversed()) {
            MenuItem item = new MenuItem(change.label() + " at "
                    + MARK_TIME.format(Instant.ofEpochMilli(change.atMs())));
            item.setId("compare-" + change.jobId());
            item.setOnAction(event -> comparison.compare(change, viewModel.windowSecondsProperty().get()));
            compareMenu.getItems().add(item);
        }
        if (!changes.isEmpty()) {
            MenuItem hide = new MenuItem("Hide the comparison");
            hide.setOnAction(event -> comparison.clear());
            compareMenu.getItems().addAll(new SeparatorMenuItem(), hide);
        }
        compareMenu.setDisable(changes.isEmpty());
    }

    private static HBox exportLine(ChartExportViewModel export) {
        ProgressBar bar = new ProgressBar();
        bar.setId("export-progress");
        bar.progressProperty().bind(export.progressProperty());
        Button cancel = new Button("Cancel export");
        cancel.setId("cancel-export");
        cancel.setOnAction(event -> export.cancel());
        for (Node whileRunning : List.of(bar, cancel)) {
            whileRunning.visibleProperty().bind(export.runningProperty());
            whileRunning.managedProperty().bind(export.runningProperty());
        }
        Label status = new Label();
        status.setId("export-status");
        status.getStyleClass().add("detail-history");
        status.textProperty().bind(export.statusProperty());
        HBox line = new HBox(8, bar, cancel, status);
        line.setAlignment(Pos.CENTER_LEFT);
        line.visibleProperty().bind(export.statusProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /** Draws history behind the live points; called on the FX thread once per sensor when its query returns. */
    public void showHistory(DeviceDetailViewModel.HistoryBlock block) {
        SensorChart chart = bySeries.get(block.series());
        if (chart != null) {
            chart.showHistory(block.xs(), block.ys(), block.windowSeconds(), block.points());
        }
    }

    /** Lets live data through on every chart whose history never came; FX thread. */
    public void historyDone() {
        charts.forEach(SensorChart::skipHistory);
    }

    /** Points currently drawn for a sensor; what a test or a status line can check. */
    public int pointCount(String sensorId) {
        return charts.stream().filter(c -> c.series().sensor().id().equals(sensorId))
                .mapToInt(SensorChart::pointCount).findFirst().orElse(0);
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void close() {
        pulse.stop();
        viewModel.close();
    }
}
