package io.fleetdeck.console.app;

import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.audit.ui.AuditViewModel;
import io.fleetdeck.console.charts.BackgroundTasks;
import io.fleetdeck.console.charts.ChartDetailFactory;
import io.fleetdeck.console.charts.FirmwareJobs;
import io.fleetdeck.console.charts.SaveDialogChooser;
import io.fleetdeck.console.fleet.ui.FleetView;
import io.fleetdeck.console.gpio.ui.GpioDetailTabs;
import io.fleetdeck.console.fleet.ui.FleetViewModel;
import io.fleetdeck.console.groups.ui.GroupNamesViewModel;
import io.fleetdeck.console.groups.ui.GroupsViewModel;
import io.fleetdeck.console.groups.ui.TagsViewModel;
import io.fleetdeck.console.record.SessionRecordWriter;
import io.fleetdeck.console.record.SessionSources;
import io.fleetdeck.console.record.ui.SessionRecordMenu;
import io.fleetdeck.console.record.ui.SessionRecordViewModel;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.ui.RolloutViewModels;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the main window on a runtime: the fleet view, its detail factory and the theme. FX thread only. */
public final class FleetdeckWindow {
    private final Scene scene;
    private final FleetViewModel viewModel;
    private final RolloutViewModels rolloutViewModels;
    private final ExecutorService background;
    /** Tags, groups and the audit log are in SQLite: read and written here, never on the FX thread. */
    private final ExecutorService fleetStore;
    private final Parent fleetView;
    private final FleetMenus menus;
    private static final Duration GROUP_REFRESH = Duration.seconds(3);
    private final Timeline groupRefresh;

    public FleetdeckWindow(ConsoleRuntime runtime) {
        this(runtime, rolloutsOf(runtime));
    }

    /** A window driving {@code rollouts}; tests hand in their own. */
    public FleetdeckWindow(ConsoleRuntime runtime, Rollouts rollouts) {
        background = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "history-query");
            thread.setDaemon(true);
            return thread;
        });
        viewModel = new FleetViewModel(runtime.registry(), runtime::health, runtime.trust(), Platform::runLater,
                rollouts);
        rolloutViewModels = RolloutViewModels.create(rollouts, runtime.stagedRollouts(), background, Platform::runLater,
                viewModel, ZoneId.systemDefault());
        BackgroundTasks tasks = new BackgroundTasks(background, Platform::runLater);
        fleetView = FleetView.load(viewModel, new GpioDetailTabs(
                new ChartDetailFactory(runtime.feed(), runtime.store(), tasks, runtime.clock(),
                        new SaveDialogChooser(this::window), FirmwareJobs.of(rollouts)), runtime.gpio(),
                Platform::runLater), rolloutViewModels);
        fleetStore = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-store");
            thread.setDaemon(true);
            return thread;
        });
        menus = new FleetMenus(viewModel,
                new GroupsViewModel(runtime.groups(), runtime.registry(), fleetStore, Platform::runLater,
                        viewModel::selectDevices),
                new TagsViewModel(runtime.groups(), fleetStore, Platform::runLater),
                new AuditViewModel(runtime.audit(), fleetStore, Platform::runLater),
                this::window, new SaveDialogChooser(this::window), ZoneId.systemDefault());
        GroupNamesViewModel groupNames = new GroupNamesViewModel(runtime.groups(), runtime.registry(), fleetStore,
                Platform::runLater, viewModel::applyGroups);
        // Groups are filters over tags, models and firmware, all of which change under them: looked at again often.
        groupRefresh = new Timeline(new KeyFrame(Duration.ZERO, event -> groupNames.refresh()),
                new KeyFrame(GROUP_REFRESH));
        groupRefresh.setCycleCount(Animation.INDEFINITE);
        groupRefresh.play();
        menus.bar().getMenus().addFirst(sessionRecordMenu(runtime, rollouts, tasks).menu());
        BorderPane root = new BorderPane(fleetView);
        root.setTop(menus.bar());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        scene = new Scene(root, Math.min(1360, screen.getWidth()), Math.min(860, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(
                FleetdeckWindow.class.getResource("/io/fleetdeck/console/css/fleetdeck.css")).toExternalForm());
    }

    /** File → Export session record…: since this window opened (the console's start) up to now, by default. */
    private SessionRecordMenu sessionRecordMenu(ConsoleRuntime runtime, Rollouts rollouts, BackgroundTasks tasks) {
        SessionRecordWriter writer = new SessionRecordWriter(new SessionSources(runtime.audit(), rollouts::images,
                rollouts::jobs, runtime.store()), runtime.clock(), SqliteAuditLog.osUser());
        SessionRecordViewModel record = new SessionRecordViewModel(writer, runtime.registry()::devices, tasks,
                runtime.clock(), runtime.clock().instant(), ZoneId.systemDefault(),
                Path.of(System.getProperty("user.home", ".")));
        return new SessionRecordMenu(record, this::window, new SaveDialogChooser(this::window));
    }

    /** The stage showing this window once shown; the owner of its dialogs. */
    private Window window() {
        return scene == null ? null : scene.getWindow();
    }

    /** The window drives the runtime's rollout service; tests may hand it another through the constructor. */
    static Rollouts rolloutsOf(ConsoleRuntime runtime) {
        return runtime.rollouts();
    }

    public Scene scene() {
        return scene;
    }

    public FleetViewModel viewModel() {
        return viewModel;
    }

    public RolloutViewModels rollouts() {
        return rolloutViewModels;
    }

    public void show(Stage stage) {
        stage.setTitle("Fleetdeck");
        stage.setScene(scene);
        stage.show();
    }

    /** Stops the pulse timers and background queries. */
    public void dispose() {
        groupRefresh.stop();
        Object controller = fleetView.getProperties().get(FleetView.class);
        if (controller instanceof FleetView view) {
            view.dispose();
        }
        background.shutdownNow();
        fleetStore.shutdown();
    }
}
