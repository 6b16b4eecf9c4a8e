package io.fleetdeck.console.app;

import io.fleetdeck.console.charts.BackgroundTasks;
import io.fleetdeck.console.charts.ChartDetailFactory;
import io.fleetdeck.console.fleet.FleetView;
import io.fleetdeck.console.fleet.FleetViewModel;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the main window on a runtime: the fleet view, its detail factory and the theme. FX thread only. */
public final class FleetdeckWindow {
    private final Scene scene;
    private final FleetViewModel viewModel;
    private final ExecutorService background;

    public FleetdeckWindow(ConsoleRuntime runtime) {
        background = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "history-query");
            thread.setDaemon(true);
            return thread;
        });
        viewModel = new FleetViewModel(runtime.registry(), runtime::health, runtime.trust(), Platform::runLater);
        BackgroundTasks tasks = new BackgroundTasks(background, Platform::runLater);
        Parent root = FleetView.load(viewModel,
                new ChartDetailFactory(runtime.feed(), runtime.store(), tasks, runtime.clock()));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        scene = new Scene(root, Math.min(1360, screen.getWidth()), Math.min(860, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(
                FleetdeckWindow.class.getResource("/io/fleetdeck/console/css/fleetdeck.css")).toExternalForm());
    }

    public Scene scene() {
        return scene;
    }

    public FleetViewModel viewModel() {
        return viewModel;
    }

    public void show(Stage stage) {
        stage.setTitle("Fleetdeck");
        stage.setScene(scene);
        stage.show();
    }

    /** Stops the pulse timers and background queries. */
    public void dispose() {
        Object controller = scene.getRoot().getProperties().get(FleetView.class);
        if (controller instanceof FleetView view) {
            view.dispose();
        }
        background.shutdownNow();
    }
}
