package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product path, as a technician walks it: simulated devices found over mDNS on loopback, adopted from their
 * tiles (the console's key goes to each device), a real image file dropped onto a selection of tiles with a real
 * DragEvent whose dragboard holds the file, pre-flight, Install, and the tiles stepping through the install until the
 * devices report the new version. Then a refused drop and an image whose firmware fails its health check.
 * Real console runtime, embedded HiveMQ, real HTTP downloads into real slot files, real SQLite.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutEndToEndTest {
    private static final String CONSOLE_NAME = "console-e2e" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "e2e" + UUID.randomUUID().toString().substring(0, 5);
    private static final DeviceId FIRST = DeviceId.of(PREFIX + "-0001");
    private static final DeviceId SECOND = DeviceId.of(PREFIX + "-0002");
    private static final DeviceId THIRD = DeviceId.of(PREFIX + "-0003");

    @TempDir
    static Path dir;
    private static ConsoleRuntime runtime;
    private static DiscoverableFleet fleet;
    private FleetdeckWindow window;

    @BeforeAll
    static void startConsoleAndDevices() throws Exception {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, dir.resolve("data"), 0,
                10, List.of("lo"), CONSOLE_NAME), Clock.systemUTC());
        // A bench of boards flashed with an image that carries this console's key: adopted without codes.
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("devices"))
                .withProvisionedKeys(runtime.provisionedKeys())
                .withSlotCapacity(64L << 20)
                // The broken image's rollback waits this out; a healthy trial is back with readings within a second.
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(5)));
        fleet = DiscoverableFleet.start(url -> new FleetOptions(3, 5, PREFIX, MqttSettings.defaults(url))
                        .withFirmware(firmware), 3, PREFIX, Optional.empty(), Optional.of(CONSOLE_NAME),
                Optional.of(dir.resolve("devices")), List.of("lo"), HostNames.local());
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

    /** A test class before this one that failed mid-gesture may have left Ctrl held: clicks would toggle then. */
    @BeforeEach
    void releaseWhatAnEarlierTestHeld(FxRobot robot) {
        robot.release(new KeyCode[0]);
        robot.release(new MouseButton[0]);
    }

    @Start
    void start(Stage stage) {
        window = new FleetdeckWindow(runtime);
        window.show(stage);
    }

    @Test
    @Order(1)
    void aDroppedImageIsPreflightedInstalledAndCommittedOnASelection(FxRobot robot) throws Exception {
        for (DeviceId id : List.of(FIRST, SECOND, THIRD)) {
            waitUntil(id + " is online and announced", () -> has(robot, tile(id) + " .tile-trust")
                    && text(robot, tile(id) + " .tile-last-seen").startsWith("online")
                    && text(robot, tile(id) + " .tile-trust").startsWith("not adopted · key "));
        }
        robot.clickOn(tile(FIRST));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        waitUntil("the bar offers to adopt all three", () -> robot.lookup("#adopt-selected").queryButton()
                .getText().equals("Adopt 3 selected"));
        robot.clickOn("#adopt-selected");
        for (DeviceId id : List.of(FIRST, SECOND, THIRD)) {
            waitUntil(id + " is adopted", () -> text(robot, tile(id) + " .tile-trust").startsWith("adopted"));
        }
        // The test thread reads the tiles mid-pulse; the bar is recounted at the end of the same pulse.
        waitUntil("the bar no longer offers adoption", () -> !robot.lookup("#adopt-selected").query().isVisible());
        Path image = SimImages.write(dir.resolve("fleetdeck-sim-2.0.0.img.xz"), "2.0.0", 3L << 20, true).file();

        robot.clickOn(tile(FIRST));
        robot.press(KeyCode.CONTROL).clickOn(tile(SECOND)).release(KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).contains("2");
        Node target = robot.lookup(tile(SECOND)).query();
        boolean dropped = WaitForAsyncUtils.asyncFx(() -> FileDrags.drop(target,
                FileDrags.holding(List.of(image.toFile())))).get(10, TimeUnit.SECONDS);
        assertThat(dropped).as("the tile takes the file").isTrue();

        waitUntil("pre-flight clears both devices", () -> has(robot, "#preflight-install")
                && robot.lookup("#preflight-install").queryButton().getText().equals("Install on 2 devices"));
        assertThat(text(robot, "#preflight-image")).isEqualTo("fleetdeck-sim-2.0.0.img.xz");
        assertThat(text(robot, "#verdict-" + FIRST.value() + " .verdict-symbol")).isEqualTo("✓");
        assertThat(text(robot, "#verdict-" + SECOND.value() + " .verdict-symbol")).isEqualTo("✓");
        assertThat(text(robot, tile(FIRST) + " .install-phase")).isEqualTo("✓ Cleared for 2.0.0");
        assertThat(text(robot, tile(THIRD) + " .install-phase")).doesNotContain("2.0.0");

        robot.clickOn("#preflight-install");

        for (DeviceId id : List.of(FIRST, SECOND)) {
            waitUntil(id + " reports the new version", () -> text(robot, tile(id) + " .install-phase")
                    .equals("✓ Updated to 2.0.0"));
            assertThat(text(robot, tile(id) + " .tile-firmware")).contains("2.0.0");
            assertThat(runtime.rollouts().latestJob(id).orElseThrow().state()).isEqualTo(InstallState.COMMITTED);
        }
        assertThat(fleet.fleet().orElseThrow().firmwareVersion(THIRD)).isEqualTo("sim-1.0.0");
        robot.clickOn("#jobs-tab");
        TableView<JobRow> jobs = robot.lookup("#jobs-table").queryTableView();
        waitUntil("the jobs table lists both as updated", () -> jobs.getItems().size() == 2
                && jobs.getItems().stream().allMatch(row -> row.result().equals("Updated")));
    }

    @Test
    @Order(2)
    void aDropOnADeviceAlreadyOnThatVersionIsRefusedWithItsReasonOnTheTile(FxRobot robot) throws Exception {
        waitUntil("the first device runs 2.0.0", () -> has(robot, tile(FIRST))
                && text(robot, tile(FIRST) + " .tile-firmware").contains("2.0.0"));
        Path image = dir.resolve("fleetdeck-sim-2.0.0.img.xz");
        robot.clickOn(tile(FIRST));
        Node target = robot.lookup(tile(FIRST)).query();
        WaitForAsyncUtils.asyncFx(() -> FileDrags.drop(target, FileDrags.holding(List.of(image.toFile()))))
                .get(10, TimeUnit.SECONDS);

        waitUntil("the tile says why not", () -> text(robot, tile(FIRST) + " .install-phase")
                .startsWith("✗ SAME_VERSION"));
        assertThat(text(robot, "#verdict-" + FIRST.value() + " .verdict-symbol")).isEqualTo("✗");
        Button install = robot.lookup("#preflight-install").queryButton();
        assertThat(install.isDisabled() || !install.getText().startsWith("Install on 1")).isTrue();
        robot.clickOn("#preflight-cancel");
    }

    @Test
    @Order(3)
    void firmwareThatFailsItsHealthCheckIsRolledBackAndTheTileSaysWhy(FxRobot robot) throws Exception {
        waitUntil("the third device is adopted", () -> has(robot, tile(THIRD))
                && text(robot, tile(THIRD) + " .tile-trust").startsWith("adopted"));
        Path image = SimImages.write(dir.resolve("fleetdeck-sim-2.1.0-broken.img.gz"), "2.1.0", 1L << 20, false)
                .file();
        robot.clickOn(tile(THIRD));
        Node target = robot.lookup(tile(THIRD)).query();
        WaitForAsyncUtils.asyncFx(() -> FileDrags.drop(target, FileDrags.holding(List.of(image.toFile()))))
                .get(10, TimeUnit.SECONDS);
        waitUntil("pre-flight clears it", () -> has(robot, "#preflight-install")
                && robot.lookup("#preflight-install").queryButton().getText().equals("Install on 1 device"));
        robot.clickOn("#preflight-install");

        waitUntil("the tile says it rolled back", () -> text(robot, tile(THIRD) + " .install-phase")
                .startsWith("✗ Rolled back: HEALTH_CHECK_FAILED"));
        waitUntil("the device is back on its old firmware", () -> text(robot, tile(THIRD) + " .tile-firmware")
                .contains("sim-1.0.0"));
        assertThat(runtime.rollouts().latestJob(THIRD).orElseThrow().state()).isEqualTo(InstallState.ROLLED_BACK);
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
        FxWait.until(what, Duration.ofSeconds(90), condition, () -> "jobs: " + runtime.rollouts().jobs());
    }
}
