package io.fleetdeck.bench;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.model.DeviceId;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console of the tile benchmark: the real window on a real runtime (embedded broker, SQLite history), with a
 * {@link PulseClock} on its scene. Reports its broker, waits for the simulated fleet to be online, opens one device's
 * charts (four sensors, four charts), lets it run for the warm-up, then times pulses for the measured window and
 * reports them with the tile nodes in the scene. Stays up until its stdin closes, so the runner can take a screenshot.
 */
public final class TilesConsole {
    private TilesConsole() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int devices = args.integer("devices");
        ConsoleSettings settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, Path.of(args.text("data")),
                0, 1, List.of(), "console-bench-tiles", 0, true);
        ConsoleRuntime runtime = ConsoleRuntime.start(settings, Clock.systemUTC());
        ResultLines.put("broker", runtime.brokerUrl());
        PulseClock clock = new PulseClock();
        AtomicReference<FleetdeckWindow> windowRef = new AtomicReference<>();
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Platform.startup(() -> {
            clock.startFirst();
            FleetdeckWindow window = new FleetdeckWindow(runtime);
            clock.attach(window.scene());
            Stage stage = new Stage();
            window.show(stage);
            // The whole display: as many tiles on screen as the screenshot can show.
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
            windowRef.set(window);
            shown.complete(null);
        });
        shown.get(60, TimeUnit.SECONDS);
        FleetdeckWindow window = windowRef.get();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.integer("online-patience", 900));
        while (runtime.registry().totals().online() < devices) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + runtime.registry().totals().online() + " of " + devices
                        + " devices came online");
            }
            ResultLines.put("online-so-far", runtime.registry().totals().online());
            Thread.sleep(1000);
        }
        ResultLines.put("online", runtime.registry().totals().online());
        int charts = 0;
        String chartDevice = args.text("chart-device", "");
        if (!chartDevice.isEmpty()) {
            onFxRun(() -> window.viewModel().tile(DeviceId.of(chartDevice)).ifPresent(window.viewModel()::select));
        }
        for (int i = 0; i < 300 && charts < 4 && !chartDevice.isEmpty(); i++) {
            Thread.sleep(200);
            charts = onFx(() -> window.scene().getRoot().lookupAll(".sensor-chart").size());
        }
        ResultLines.put("charts", charts);
        ResultLines.put("cached-nodes", onFx(() -> cachedNodes(window.scene().getRoot())));

        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("warmup-seconds")));
        RenderThreadCpu render = new RenderThreadCpu();
        onFx(() -> {
            clock.reset();
            return null;
        });
        long renderBefore = render.nanos().orElse(-1);
        ResultLines.put("measuring", 1);
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("seconds")));
        Histogram[] timed = onFx(clock::take);
        long[] slow = onFx(clock::slowPulses);
        ResultLines.put("slow-pulses", slow[0] + " " + slow[1]);
        long renderAfter = render.nanos().orElse(-1);
        ResultLines.put("render-cpu-s", renderBefore < 0 || renderAfter < 0 ? -1
                : (renderAfter - renderBefore) / 1e9);
        int[] tiles = onFx(() -> {
            List<Node> all = List.copyOf(window.scene().getRoot().lookupAll(".device-tile"));
            int withDevice = (int) all.stream().filter(node -> node.getId() != null).count();
            return new int[] {all.size(), withDevice};
        });
        report("pulse", timed[0]);
        report("layout", timed[1]);
        report("fx-cpu", timed[2]);
        ResultLines.put("pulses-per-s", timed[0].getTotalCount() / (double) args.integer("seconds"));
        ResultLines.put("tile-nodes", tiles[0] + " " + tiles[1]);
        ResultLines.put("devices-shown", onFx(() -> window.viewModel().visibleTiles().size()));
        ResultLines.put("readings", runtime.registry().totals().readings());
        ResultLines.put("measured", 1);
        // Until the runner is done with the window (screenshot), then out.
        while (System.in.read() >= 0) {
            // Nothing to read but the end.
        }
        Platform.runLater(window::dispose);
        runtime.close();
        System.exit(0);
    }

    /** Nodes drawn through an image cache (each change re-renders the whole node), by class and style class. */
    private static String cachedNodes(javafx.scene.Parent root) {
        List<String> found = new java.util.ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (node.isCache()) {
                found.add(node.getClass().getSimpleName() + node.getStyleClass() + " in "
                        + (node.getParent() == null ? "-" : node.getParent().getStyleClass()));
            }
            if (node instanceof javafx.scene.Parent parent) {
                todo.addAll(parent.getChildrenUnmodifiable());
            }
        }
        return found.size() + " " + found;
    }

    private static void report(String name, Histogram micros) {
        ResultLines.put(name + "-p50-ms", micros.getValueAtPercentile(50) / 1000.0);
        ResultLines.put(name + "-p99-ms", micros.getValueAtPercentile(99) / 1000.0);
        ResultLines.put(name + "-max-ms", micros.getMaxValue() / 1000.0);
        ResultLines.put(name + "-count", micros.getTotalCount());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void onFxRun(Runnable action) throws Exception {
        onFx(() -> {
            action.run();
            return null;
        });
    }
}
