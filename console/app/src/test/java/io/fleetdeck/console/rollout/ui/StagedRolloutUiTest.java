package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutState;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.testkit.Poll;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator does for a staged rollout: select several tiles, drop an image on them, set stages, concurrency
 * and threshold in the pre-flight panel, start it, and follow it in the staged rollouts panel, which shows the pause
 * and its reason when the canary's firmware fails its health check, and aborts it. Real console runtime, simulated
 * devices on loopback, real downloads and health checks.
 */
@ExtendWith(ApplicationExtension.class)
class StagedRolloutUiTest {
    private static final String CONSOLE_NAME = "console-sui" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "sui" + UUID.randomUUID().toString().substring(0, 5);
    private static final List<DeviceId> DEVICES = List.of(DeviceId.of(PREFIX + "-0001"),
            DeviceId.of(PREFIX + "-0002"), DeviceId.of(PREFIX + "-0003"));

    @TempDir
    static Path dir;
    private static ConsoleRuntime runtime;
    private static DiscoverableFleet fleet;

    @BeforeAll
    static void startConsoleAndDevices() throws Exception {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, dir.resolve("data"), 0,
                10, List.of("lo"), CONSOLE_NAME), Clock.systemUTC());
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("devices"))
                .withProvisionedKeys(runtime.provisionedKeys()).withSlotCapacity(64L << 20)
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(5)));
        fleet = DiscoverableFleet.start(url -> new FleetOptions(DEVICES.size(), 5, PREFIX, MqttSettings.defaults(url))
                        .withFirmware(firmware), DEVICES.size(), PREFIX, Optional.empty(), Optional.of(CONSOLE_NAME),
                Optional.of(dir.resolve("devices")), List.of("lo"), HostNames.local());
        List<CompletableFuture<KeyFingerprint>> adoptions = new ArrayList<>();
        for (DeviceId device : DEVICES) {
            Poll.until(device + " is announced and online", Duration.ofSeconds(90), () -> runtime.registry()
                    .device(device).map(d -> d.announcedKey().isPresent() && d.presence().name().equals("ONLINE"))
                    .orElse(false));
            // Side by side: each adoption mostly waits for its device to reconnect with its new broker password.
            adoptions.add(runtime.trust().adopt(device, Optional.empty()));
        }
        CompletableFuture.allOf(adoptions.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @BeforeEach
    void releaseWhatAnEarlierTestHeld(FxRobot robot) {
        robot.release(new KeyCode[0]);
        robot.release(new MouseButton[0]);
    }

    @Start
    void start(Stage stage) {
        new FleetdeckWindow(runtime).show(stage);
    }

    @Test
    void aDropOnSeveralTilesStartsAStagedRolloutThatPausesAtTheFailedCanaryAndIsAbortedFromThePanel(FxRobot robot)
            throws Exception {
        for (DeviceId id : DEVICES) {
            waitUntil(id + " shows as adopted", () -> has(robot, tile(id) + " .tile-trust")
                    && text(robot, tile(id) + " .tile-trust").startsWith("adopted"));
        }
        Path image = SimImages.write(dir.resolve("fleetdeck-sim-2.1.0-broken.img.gz"), "2.1.0", 1L << 20, false)
                .file();
        // Other consoles' simulated devices may be announced on loopback too: show only this test's.
        TextField filter = robot.lookup((Node node) -> node instanceof TextField field && field.getPromptText() != null
                && field.getPromptText().startsWith("Filter")).queryAs(TextField.class);
        robot.clickOn(filter).write(PREFIX);
        waitUntil("only this test's tiles show", () -> robot.lookup(".device-tile").queryAll().stream()
                .filter(StagedRolloutUiTest::shown).count() == DEVICES.size());
        robot.clickOn(tile(DEVICES.getFirst()));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).contains("3");
        Node target = robot.lookup(tile(DEVICES.get(1))).query();
        WaitForAsyncUtils.asyncFx(() -> FileDrags.drop(target, FileDrags.holding(List.of(image.toFile()))))
                .get(10, TimeUnit.SECONDS);

        waitUntil("pre-flight clears all three and offers a staged rollout", () -> has(robot, "#preflight-install")
                && robot.lookup("#preflight-install").queryButton().getText().equals("Install on 3 devices")
                && shown(robot.lookup("#staged-options").query()));
        type(robot, "#staged-stages", "1,rest");
        type(robot, "#staged-parallel", "1");
        type(robot, "#staged-failures", "0");
        robot.clickOn("#staged-start");

        waitUntil("the pre-flight panel closes", () -> !shown(robot.lookup("#preflight-install").query()));
        robot.clickOn("#staged-tab");
        TableView<StagedRolloutRow> table = robot.lookup("#staged-table").queryTableView();
        waitUntil("the panel shows the rollout paused with its reason", () -> table.getItems().size() == 1
                && table.getItems().getFirst().state().equals("Paused"));
        StagedRollout paused = runtime.stagedRollouts().rollouts().getFirst();
        DeviceId canary = paused.members().stream().filter(m -> m.stage() == 0).findFirst().orElseThrow().device();
        StagedRolloutRow row = table.getItems().getFirst();
        assertThat(row.image()).isEqualTo("fleetdeck-sim-2.1.0-broken.img.gz → 2.1.0");
        assertThat(row.stage()).isEqualTo("1 of 2 (1)");
        assertThat(row.counts()).isEqualTo("0 updated · 1 failed · 0 running · 2 waiting");
        assertThat(row.reason()).startsWith(canary.value() + ": ROLLED_BACK: HEALTH_CHECK_FAILED");
        waitUntil("the reason cell shows the canary's failure", () -> robot.lookup(".staged-reason").queryAll()
                .stream().map(node -> ((Labeled) node).getText())
                .anyMatch(shown -> shown != null && shown.startsWith(canary.value() + ": ROLLED_BACK")));
        for (DeviceId later : DEVICES) {
            if (!later.equals(canary)) {
                assertThat(runtime.rollouts().latestJob(later)).as("nothing started on %s", later).isEmpty();
            }
        }

        robot.clickOn(".staged-abort");

        waitUntil("the panel shows it aborted", () -> table.getItems().getFirst().state().equals("Aborted"));
        assertThat(table.getItems().getFirst().counts()).isEqualTo("0 updated · 1 failed · 0 running · 0 waiting · "
                + "2 skipped");
        // The row's cells catch up with the items on the next pulse.
        waitUntil("the abort button goes away", () -> robot.lookup(".staged-abort").queryAll().stream()
                .noneMatch(StagedRolloutUiTest::shown));
        assertThat(runtime.stagedRollouts().rollouts().getFirst().state()).isEqualTo(StagedRolloutState.ABORTED);
    }

    private static void type(FxRobot robot, String query, String value) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.interact(field::clear);
        robot.clickOn(field).write(value);
        assertThat(field.getText()).isEqualTo(value);
    }

    /** Whether the node and every parent are visible: a hidden panel leaves its buttons' own flags alone. */
    private static boolean shown(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static String tile(DeviceId id) {
        return "#tile-" + id.value();
    }

    private static boolean has(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().isPresent();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(90), condition, () -> "staged: "
                    + runtime.stagedRollouts().rollouts() + "; jobs: " + runtime.rollouts().jobs());
    }
}
