package io.fleetdeck.console.gpio.ui;

import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.testkit.Poll;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
 * What the operator does on the GPIO bench: open a device's GPIO tab, toggle a declared output and see its level
 * (and the input jumpered to it) come back from the device; ask for a pin the device does not declare as an output
 * and read the device's refusal. Real console runtime, a simulated device on loopback running the real device core.
 */
@ExtendWith(ApplicationExtension.class)
class GpioBenchUiTest {
    private static final String CONSOLE_NAME = "console-gpio" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "gpio" + UUID.randomUUID().toString().substring(0, 5);
    private static final DeviceId DEVICE = DeviceId.of(PREFIX + "-0001");

    @TempDir
    static Path dir;
    private static ConsoleRuntime runtime;
    private static DiscoverableFleet fleet;

    @BeforeAll
    static void startConsoleAndDevice() throws Exception {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, dir.resolve("data"), 0,
                10, List.of("lo"), CONSOLE_NAME), Clock.systemUTC());
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("devices"))
                .withProvisionedKeys(runtime.provisionedKeys());
        fleet = DiscoverableFleet.start(url -> new FleetOptions(1, 2, PREFIX, MqttSettings.defaults(url))
                        .withFirmware(firmware), 1, PREFIX, Optional.empty(), Optional.of(CONSOLE_NAME),
                Optional.of(dir.resolve("devices")), List.of("lo"), HostNames.local());
        Poll.until(DEVICE + " is announced and online", Duration.ofSeconds(90), () -> runtime.registry()
                .device(DEVICE).map(d -> d.announcedKey().isPresent() && d.presence().name().equals("ONLINE"))
                .orElse(false));
        runtime.trust().adopt(DEVICE, Optional.empty()).get(30, TimeUnit.SECONDS);
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
    void togglingADeclaredOutputShowsTheLevelTheDeviceReportsBack(FxRobot robot) throws Exception {
        openGpioTab(robot);
        waitUntil("the bench lists the device's pins", () -> has(robot, "#gpio-toggle-27"));
        assertThat(robot.lookup("#gpio-toggle-22").queryButton().isDisabled()).as("inputs get no toggle").isTrue();
        assertThat(robot.lookup("#gpio-toggle-17").queryButton().isDisabled()).isFalse();
        boolean before = level(17);
        waitUntil("the bench shows 17's level", () -> text(robot, "#gpio-level-17").equals(before ? "HIGH" : "low"));
        String after = before ? "low" : "high";
        int audited = gpioAudit().size();

        robot.clickOn("#gpio-toggle-17");

        waitUntil("output 17 reads " + after + ", and input 22 jumpered to it too", () -> has(robot, "#gpio-level-17")
                && text(robot, "#gpio-level-17").equalsIgnoreCase(after)
                && text(robot, "#gpio-level-22").equalsIgnoreCase(after));
        waitUntil("the write is reported done", () -> text(robot, "#gpio-status")
                .equals("GPIO 17 → " + after + ": done (GPIO 17 is " + after + ")"));
        assertThat(robot.lookup("#gpio-toggle-17").queryButton().getText()).isEqualTo(before ? "Set high" : "Set low");
        assertThat(runtime.gpio().state(DEVICE).orElseThrow().pin(17).map(GpioPin::high)).contains(!before);
        waitUntil("the write is in the audit log", () -> gpioAudit().size() == audited + 1);
        assertThat(gpioAudit().getLast().outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
    }

    @Test
    void aWriteToAPinNotDeclaredAsAnOutputIsSentAndTheDevicesRefusalShows(FxRobot robot) throws Exception {
        openGpioTab(robot);
        waitUntil("the bench lists the device's pins", () -> has(robot, "#gpio-level-22"));
        String input = level(22) ? "HIGH" : "low";
        waitUntil("the bench shows 22's level", () -> text(robot, "#gpio-level-22").equals(input));
        TextField pin = robot.lookup("#gpio-pin").queryAs(TextField.class);

        // The console sends it anyway: the device's interlock is the one that counts.
        robot.interact(pin::clear);
        robot.clickOn(pin).write("5");
        robot.clickOn("#gpio-drive-high");

        waitUntil("the device's refusal of an undeclared pin shows", () -> text(robot, "#gpio-status")
                .startsWith("GPIO 5 → high: refused: UNKNOWN_PIN: GPIO 5 is not exposed by this device"));
        assertThat(robot.lookup("#gpio-status").queryAs(Label.class).getPseudoClassStates().toString())
                .contains("refused");

        robot.interact(pin::clear);
        robot.clickOn(pin).write("22");
        robot.clickOn(input.equals("HIGH") ? "#gpio-drive-low" : "#gpio-drive-high");

        waitUntil("the device's refusal of an input shows", () -> text(robot, "#gpio-status")
                .contains("refused: NOT_AN_OUTPUT: GPIO 22 is declared an input"));
        assertThat(text(robot, "#gpio-level-22")).as("the input was not driven").isEqualTo(input);
        waitUntil("both refusals are in the audit log", () -> gpioAudit().stream()
                .filter(entry -> entry.outcome() == AuditOutcome.FAILED).count() == 2);
        assertThat(gpioAudit().getLast().detail()).contains("refused: NOT_AN_OUTPUT");
    }

    /** Selects the device's tile (this test's only) and opens the GPIO tab of its detail. */
    static void openGpioTab(FxRobot robot) throws Exception {
        TextField filter = robot.lookup((Node node) -> node instanceof TextField field && field.getPromptText() != null
                && field.getPromptText().startsWith("Filter")).queryAs(TextField.class);
        robot.clickOn(filter).write(PREFIX);
        waitUntil("the tile shows", () -> has(robot, "#tile-" + DEVICE.value()));
        robot.clickOn("#tile-" + DEVICE.value());
        waitUntil("the detail opens with a GPIO tab", () -> robot.lookup(".tab").queryAll().stream()
                .anyMatch(node -> "gpio-tab".equals(node.getId())));
        robot.clickOn(robot.lookup(".tab").match((Node node) -> "gpio-tab".equals(node.getId())).queryAs(Node.class));
    }

    /** The level the console last heard from the device. */
    private static boolean level(int pin) {
        return runtime.gpio().state(DEVICE).flatMap(state -> state.pin(pin)).map(GpioPin::high).orElseThrow();
    }

    private static List<AuditEntry> gpioAudit() {
        return runtime.audit().entries(Optional.empty()).stream()
                .filter(entry -> entry.action() == AuditAction.GPIO_WRITE).toList();
    }

    private static boolean has(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().isPresent();
    }

    /** The text shown, or "" while the bench rebuilds its rows for a new state. */
    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(node -> node instanceof Button button ? button.getText()
                : ((Label) node).getText()).orElse("");
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(90), condition, () -> "state: "
                    + runtime.gpio().state(DEVICE));
    }
}
