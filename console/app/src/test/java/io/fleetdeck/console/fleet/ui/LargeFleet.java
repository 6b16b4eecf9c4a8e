package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.rollout.ui.RolloutScreen;
import io.fleetdeck.console.ui.FxWait;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The fleet window with a thousand devices, {@code dev-0000} to {@code dev-0999}: every fourth one a Raspberry Pi 3,
 * the rest Pi 4s, device {@code n}'s newest reading {@code 41.5 + n}. Real FXML view, view model and fleet registry.
 */
final class LargeFleet {
    static final int DEVICES = 1000;

    private LargeFleet() {
    }

    static RolloutScreen open(Stage stage, Path dataDir) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.put(id(i), i % 4 == 0 ? RolloutScreen.PI3 : RolloutScreen.PI4);
        }
        return new RolloutScreen(stage, dataDir, devices);
    }

    static String id(int n) {
        return String.format(Locale.ROOT, "dev-%04d", n);
    }

    static <T> T onFx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(20), condition);
    }

    /** Whether {@code node} and every parent up to the scene are visible. */
    static boolean showing(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
