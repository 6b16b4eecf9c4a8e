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
import io.fleetdeck.console.look.HelpOverlay;
import io.fleetdeck.console.look.Shortcuts;
import io.fleetdeck.console.look.ThemeSwitch;
import io.fleetdeck.console.look.UiState;
import io.fleetdeck.console.look.UiStateFile;
import io.fleetdeck.console.look.UiStateKeeper;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.ui.RolloutViewModels;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the main window on a runtime: the fleet view, its detail factory, the theme, the keyboard shortcuts with
 * their help overlay, and the window state remembered in the data directory's {@code ui-state.properties}. FX thread
 * only.
 */
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
    private final ThemeSwitch theme;
    private final Shortcuts shortcuts;
    private final HelpOverlay help;
    private final UiState saved;
    private final WindowState state;
    /** Present when this window remembers its state in the data directory (the console's one window does). */
    private final Optional<UiStateKeeper> keeper;

    /** A window that starts with the default look and layout and remembers nothing (tests open many). */
    public FleetdeckWindow(ConsoleRuntime runtime) {
        this(runtime, rolloutsOf(runtime));
    }

    /**
     * The console's window: opens as the last one over the same data directory was left, and keeps its theme, layout
     * and selection in {@code <data>/ui-state.properties} from then on.
     */
    public static FleetdeckWindow remembering(ConsoleRuntime runtime) {
        return new FleetdeckWindow(runtime, rolloutsOf(runtime),
                Optional.of(new UiStateFile(runtime.settings().dataDirectory())));
    }

    /** A window driving {@code rollouts}; tests hand in their own. */
    public FleetdeckWindow(ConsoleRuntime runtime, Rollouts rollouts) {
        this(runtime, rollouts, Optional.empty());
    }

    private FleetdeckWindow(ConsoleRuntime runtime, Rollouts rollouts, Optional<UiStateFile> stateFile) {
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
        // As the scene's root it was sized to the window whatever its content asked for; under the help layer it
        // must be told so, or a wide tile row makes it wider than the window and the stack centres it off-screen.
        root.setMinSize(0, 0);
        // The status bar's labels never shrink (minWidth USE_PREF_SIZE), and with long data paths their texts are
        // wider than the window: the view still gets the window's width, the bar is clipped at its end instead.
        if (fleetView instanceof Region view) {
            view.setMinWidth(0);
        }
        StackPane layers = new StackPane(root);
        layers.setId("window-root");
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        scene = new Scene(layers, Math.min(1360, screen.getWidth()), Math.min(860, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(
                FleetdeckWindow.class.getResource("/io/fleetdeck/console/css/fleetdeck.css")).toExternalForm());

        // One small read before the window shows, so it opens as it was left (theme included, no flash).
        saved = stateFile.map(UiStateFile::load).orElse(UiState.DEFAULTS);
        theme = new ThemeSwitch(layers, saved.theme());
        // The help lists the shortcuts, one of which opens the help: bound through a method, built after.
        shortcuts = WindowShortcuts.create(fleetView, viewModel, menus, theme, this::toggleHelp,
                rolloutViewModels.status());
        help = new HelpOverlay(shortcuts);
        layers.getChildren().add(help);
        ViewMenus.addTo(menus.bar(), shortcuts, theme);
        shortcuts.install(scene);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (help.isVisible() && event.getCode() == KeyCode.ESCAPE) {
                help.hide();
                event.consume();
            }
        });
        Map<String, SplitPane> splits = splitPanes(fleetView);
        state = new WindowState(saved, viewModel, theme, splits, rolloutTabs(splits.get("main")));
        keeper = stateFile.map(file -> new UiStateKeeper(file, state::capture));
        keeper.ifPresent(state::keepWith);
    }

    private void toggleHelp() {
        help.toggle();
    }

    /** The tabs under the fleet; found through the split's items, as a split pane has no children until skinned. */
    private static TabPane rolloutTabs(SplitPane main) {
        return main.getItems().stream().filter(TabPane.class::isInstance).map(TabPane.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("FleetView.fxml has no rollout tabs"));
    }

    /** The fleet view's split panes by the names their dividers are saved under. */
    private static Map<String, SplitPane> splitPanes(Parent fleetView) {
        Map<String, SplitPane> panes = new LinkedHashMap<>();
        SplitPane main = (SplitPane) fleetView.lookup(".main-split");
        panes.put("main", main);
        if (main.getItems().getFirst() instanceof SplitPane fleetAndDetail) {
            panes.put("fleet", fleetAndDetail);
        }
        return panes;
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

    /** The one list of keyboard shortcuts: the accelerators and the help overlay come from it. */
    public Shortcuts shortcuts() {
        return shortcuts;
    }

    /** The theme in use; setting it switches the look at once and is remembered. */
    public ThemeSwitch theme() {
        return theme;
    }

    /** The keyboard help (F1). */
    public HelpOverlay help() {
        return help;
    }

    public void show(Stage stage) {
        stage.setTitle("Fleetdeck");
        stage.setScene(scene);
        state.place(stage, saved);
        stage.show();
        state.placeDividers(saved);
    }

    /** Stops the pulse timers and background queries, and saves the window's state one last time. */
    public void dispose() {
        keeper.ifPresent(UiStateKeeper::close);
        state.dispose();
        groupRefresh.stop();
        Object controller = fleetView.getProperties().get(FleetView.class);
        if (controller instanceof FleetView view) {
            view.dispose();
        }
        background.shutdownNow();
        fleetStore.shutdown();
    }
}
