package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.fleet.ui.FleetView;
import io.fleetdeck.console.fleet.ui.FleetViewModel;
import io.fleetdeck.console.rollout.staged.SqliteStagedRolloutStore;
import io.fleetdeck.console.rollout.staged.StagedRolloutService;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * The fleet window as the console builds it (real FXML views, real view models, a real fleet registry fed as the
 * ingest pipeline feeds it), driving {@link LibraryBackedRollouts}. A "file manager" strip on the left holds files a
 * test can drag onto tiles with the robot, through the toolkit's real drag-and-drop path. The fleet view's own tests
 * use it too, with a thousand devices.
 */
public final class RolloutScreen {
    public static final String PI4 = "Raspberry Pi 4 Model B Rev 1.4";
    public static final String PI3 = "Raspberry Pi 3 Model B Rev 1.2";

    public final FleetRegistry registry = new FleetRegistry();
    final LibraryBackedRollouts rollouts;
    final StagedRolloutService staged;
    private final SqliteStagedRolloutStore stagedStore;
    public final FleetViewModel fleet;
    final RolloutViewModels views;
    final VBox fileManager = new VBox(6);
    public final Scene scene;
    private final ExecutorService background = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "test-background");
        thread.setDaemon(true);
        return thread;
    });
    private final Parent fleetRoot;

    /** @param devices device id → board model; every device online on firmware 1.0.0 */
    public RolloutScreen(Stage stage, Path dataDir, Map<String, String> devices) {
        Map<DeviceId, String> models = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        int n = 0;
        for (Map.Entry<String, String> device : devices.entrySet()) {
            DeviceId id = DeviceId.of(device.getKey());
            models.put(id, device.getValue().replaceAll(" Model B.*", ""));
            registry.recordInfo(id, info(device.getKey(), device.getValue(), "1.0.0"), now);
            registry.recordStatus(id, new DeviceStatus(Presence.ONLINE, now), now);
            registry.recordReadings(id, List.of(new Reading("temp", now, 41.5 + n++)), now);
        }
        rollouts = new LibraryBackedRollouts(dataDir, models);
        fleet = new FleetViewModel(registry, () -> new ConsoleHealth("embedded broker 127.0.0.1:1883 · connected",
                true, "history: 1,204 readings", true), (id, code) -> CompletableFuture.<KeyFingerprint>failedFuture(
                new IllegalStateException("no adoption in this test")), Platform::runLater, rollouts);
        staged = StagedRolloutService.start(rollouts, stagedStore = SqliteStagedRolloutStore.open(dataDir),
                Clock.systemUTC());
        views = RolloutViewModels.create(rollouts, staged, background, Platform::runLater, fleet,
                ZoneId.systemDefault());
        fleetRoot = FleetView.load(fleet, RolloutScreen::detail, views);
        fileManager.getStyleClass().add("test-file-manager");
        fileManager.setStyle("-fx-padding: 8; -fx-background-color: #dfe4ea;");
        fileManager.setPrefWidth(150);
        BorderPane root = new BorderPane(fleetRoot);
        root.setLeft(fileManager);
        scene = new Scene(root, 1560, 960);
        scene.getStylesheets().add(RolloutScreen.class.getResource("/io/fleetdeck/console/css/fleetdeck.css")
                .toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    public static DeviceInfo info(String id, String model, String firmware) {
        return new DeviceInfo(model, "1000000" + Math.abs(id.hashCode()), id, firmware, Slot.A,
                List.of(new SensorDescriptor("temp", "temperature", "°C", "CPU temperature", 1000)), List.of("ota"),
                1);
    }

    /** Puts a file on the "file manager" strip, draggable like a file manager's icon. */
    Node fileIcon(Path file) {
        Label icon = new Label(file.getFileName().toString());
        icon.setId("file-" + file.getFileName().toString().replaceAll("[^A-Za-z0-9]", "-"));
        icon.setStyle("-fx-padding: 6; -fx-background-color: white; -fx-border-color: #98a2ae;");
        icon.setOnDragDetected(event -> {
            Dragboard dragboard = icon.startDragAndDrop(TransferMode.COPY);
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.of(file.toFile()));
            dragboard.setContent(content);
            event.consume();
        });
        fileManager.getChildren().add(icon);
        return icon;
    }

    /** Writes what the window shows to {@code file}, when screenshots were asked for with -Dfleetdeck.screenshots. */
    void screenshot(String name) throws Exception {
        String dir = System.getProperty("fleetdeck.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WritableImage image = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> fleetRoot.snapshot(null, null))
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(Path.of(dir));
        ImageIO.write(out, "png", new File(dir, name + ".png"));
    }

    public void close() {
        background.shutdownNow();
        staged.close();
        stagedStore.close();
        rollouts.close();
    }

    private static DeviceDetailFactory.DetailPane detail(DeviceSnapshot device) {
        Label label = new Label("charts of " + device.id().value());
        label.setId("device-detail");
        return new DeviceDetailFactory.DetailPane() {
            @Override
            public Node node() {
                return label;
            }

            @Override
            public void close() {
            }
        };
    }
}
