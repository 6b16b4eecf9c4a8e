package io.fleetdeck.console.app;

import io.fair_acc.chartfx.XYChart;
import io.fleetdeck.console.fleet.FleetDiscoveryAdapter;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.Topics;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console as a user sees it, headless: a real embedded broker, a simulated fleet publishing over MQTT, real
 * SQLite history, the real window. Reads what tiles say and what charts hold.
 */
@ExtendWith(ApplicationExtension.class)
class FleetdeckWindowTest {
    /** Named, so devices in this test find this console even if another build announces one on loopback. */
    private static final String CONSOLE_NAME = "console-fx" + UUID.randomUUID().toString().substring(0, 8);
    @TempDir
    static Path data;
    private static ConsoleRuntime runtime;
    private FleetdeckWindow window;
    private static FleetdeckWindow windowRef;

    @BeforeAll
    static void startConsole() {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 3, 10,
                List.of("lo"), CONSOLE_NAME), Clock.systemUTC());
    }

    @AfterAll
    static void stopConsole() {
        runtime.close();
    }

    /** A window left running past its runtime's close fails its group refresh in a later test class's JVM. */
    @AfterEach
    void disposeWindow(FxRobot robot) {
        if (window != null) {
            robot.interact(window::dispose);
        }
    }

    @Start
    void start(Stage stage) {
        window = new FleetdeckWindow(runtime);
        window.show(stage);
        windowRef = window;
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(30), condition, () -> "(devices known: "
                    + runtime.registry().devices().size() + ", tiles: "
                    + (windowRef == null ? "no window" : windowRef.viewModel().visibleTiles().size()) + ")");
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void showsALiveTilePerSimulatedDevice(FxRobot robot) throws Exception {
        for (String id : List.of("sim-0001", "sim-0002", "sim-0003")) {
            waitUntil("tile " + id + " is online", () -> robot.lookup("#tile-" + id).tryQuery().isPresent()
                    && window.viewModel().tile(DeviceId.of(id)).orElseThrow().presenceProperty().get()
                    == PresenceState.ONLINE);
        }
        String first = text(robot, "#tile-sim-0001 .tile-reading");
        waitUntil("the tile's reading changes", () -> !text(robot, "#tile-sim-0001 .tile-reading").equals(first)
                && !text(robot, "#tile-sim-0001 .tile-reading").equals("no readings yet"));
        assertThat(text(robot, "#tile-sim-0001 .tile-last-seen")).startsWith("online");
        assertThat(text(robot, "#tile-sim-0001 .tile-firmware")).startsWith("fw ");
    }

    @Test
    void openingATileShowsChartsWhoseDataGrows(FxRobot robot) throws Exception {
        waitUntil("tile sim-0002 shows readings", () -> robot.lookup("#tile-sim-0002").tryQuery().isPresent()
                && !text(robot, "#tile-sim-0002 .tile-reading").equals("no readings yet"));
        robot.clickOn("#tile-sim-0002");
        waitUntil("the detail pane opens", () -> robot.lookup("#device-detail").tryQuery().isPresent());
        Node chartNode = robot.lookup("#device-detail .sensor-chart").query();
        XYChart chart = (XYChart) chartNode;
        waitUntil("the chart has points", () -> chart.getDatasets().getFirst().getDataCount() > 0);
        int before = chart.getDatasets().getFirst().getDataCount();
        waitUntil("the chart grows", () -> chart.getDatasets().getFirst().getDataCount() > before + 5);
        assertThat(robot.lookup("#device-detail .sensor-chart").queryAll())
                .as("one chart per announced sensor").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aCrashedDeviceTurnsGreyAndSaysWhenItWasLastSeen(FxRobot robot) throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(runtime.brokerUrl(), 1, 5, "doomed")) {
            waitUntil("tile doomed-0001 is online", () -> robot.lookup("#tile-doomed-0001").tryQuery().isPresent()
                    && text(robot, "#tile-doomed-0001 .tile-last-seen").startsWith("online"));
            fleet.crash(DeviceId.of("doomed-0001"));
            waitUntil("the tile turns grey", () -> robot.lookup("#tile-doomed-0001").query().getPseudoClassStates()
                    .contains(PseudoClass.getPseudoClass("offline")));
            assertThat(text(robot, "#tile-doomed-0001 .tile-last-seen")).startsWith("offline · last seen");
        }
    }

    @Test
    void aDeviceAnnouncedOverMdnsGetsATileAndTurnsGreyWhenItDies(FxRobot robot) throws Exception {
        String prefix = "mdns" + UUID.randomUUID().toString().substring(0, 6);
        String id = prefix + "-0001";
        try (DiscoverableFleet fleet = DiscoverableFleet.start(
                url -> new FleetOptions(1, 5, prefix, MqttSettings.defaults(url)), 1, prefix, Optional.empty(),
                Optional.of(CONSOLE_NAME), Optional.empty(), List.of("lo"), "fd-" + prefix)) {
            waitUntil("a tile appears for the announced device", () -> robot.lookup("#tile-" + id).tryQuery()
                    .isPresent());
            waitUntil("the device finds the console and comes online",
                    () -> text(robot, "#tile-" + id + " .tile-last-seen").startsWith("online"));
            waitUntil("the tile shows its mDNS identity",
                    () -> text(robot, "#tile-" + id + " .tile-trust").startsWith("not adopted · key "));

            fleet.fleet().orElseThrow().crash(DeviceId.of(id));
            waitUntil("the tile turns grey", () -> robot.lookup("#tile-" + id).query().getPseudoClassStates()
                    .contains(PseudoClass.getPseudoClass("offline")));
        }
    }

    @Test
    void aDiscoveredDeviceGetsATileAndCanBeAdoptedAfterConfirmingItsKeyAndCode(FxRobot robot) throws Exception {
        // Adopting installs the console's key over MQTT, so the device has to be there and answer, signed with the
        // key it announces.
        try (ScriptedDevice device = ScriptedDevice.connect(runtime.brokerUrl(), DeviceId.of("pi-0badc0de"),
                "Raspberry Pi 4 Model B", "1.2.0")) {
            KeyFingerprint key = device.fingerprint();
            new FleetDiscoveryAdapter(runtime.registry(), Clock.systemUTC()).announced(
                    new DeviceAnnouncement(DeviceId.of("pi-0badc0de"), "Raspberry Pi 4 Model B", "1.2.0", key),
                    "bench-pi-9", "bench-pi-9.local.", List.of(InetAddress.getLoopbackAddress()), 0, "lo");
            waitUntil("the discovered tile appears", () -> robot.lookup("#tile-pi-0badc0de").tryQuery().isPresent());
            // The tile may come first from the device's MQTT session; its mDNS line follows on a later pulse.
            waitUntil("the tile shows the announced host", () -> text(robot, "#tile-pi-0badc0de .tile-network")
                    .contains("bench-pi-9.local"));
            assertThat(text(robot, "#tile-pi-0badc0de .tile-network")).contains("127.0.0.1");
            assertThat(text(robot, "#tile-pi-0badc0de .tile-trust")).startsWith("not adopted");
            waitUntil("the device comes online", () -> text(robot, "#tile-pi-0badc0de .tile-last-seen")
                    .startsWith("online"));

            robot.clickOn("#tile-pi-0badc0de .tile-adopt");
            waitUntil("the Adopt dialog shows the announced key", () -> robot.lookup("#adopt-key").tryQuery()
                    .map(node -> ((javafx.scene.control.Label) node).getText().equals(key.value())).orElse(false));
            robot.clickOn("#pairing-code").write("ABC");
            robot.clickOn("#adopt-confirm");
            waitUntil("a mistyped code is caught in the dialog", () -> robot.lookup("#pairing-code-error")
                    .tryQuery().map(n -> ((javafx.scene.control.Label) n).getText().contains("8 characters"))
                    .orElse(false));
            assertThat(device.received()).isEmpty();
            robot.clickOn("#pairing-code").eraseText(3).write("abcd-efgh");
            robot.clickOn("#adopt-confirm");

            waitUntil("the tile says it is adopted", () -> text(robot, "#tile-pi-0badc0de .tile-trust")
                    .startsWith("adopted · key " + key.shortForm()));
            assertThat(robot.lookup("#tile-pi-0badc0de .tile-adopt").query().isVisible()).isFalse();
            assertThat(device.trustedKeys()).containsExactly(runtime.operatorKey().fingerprint());
            device.forget();
        }
    }

    @Test
    void aHostilePayloadShowsAWarningOnItsTileAndAnonymousClientsAreRefused(FxRobot robot) throws Exception {
        MqttClient anonymous = new MqttClient(runtime.brokerUrl(), "attacker", new MemoryPersistence());
        assertThatThrownBy(anonymous::connect).hasMessageContaining("Not authorized");
        anonymous.close();
        // A device may still send garbage under its own id; the console refuses it and says so on its tile.
        MqttClient buggy = new MqttClient(runtime.brokerUrl(), "buggy-0001", new MemoryPersistence());
        MqttConnectionOptions asDevice = new MqttConnectionOptions();
        asDevice.setUserName("buggy-0001");
        buggy.connect(asDevice);
        buggy.publish(Topics.telemetry(DeviceId.of("buggy-0001")),
                new MqttMessage("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"temp\",\"ts\":1,\"value\":\"hot\"}]}"
                        .getBytes(StandardCharsets.UTF_8), 1, false, null));
        buggy.disconnect();
        buggy.close();

        waitUntil("the tile warns", () -> robot.lookup("#tile-buggy-0001").tryQuery().isPresent()
                && text(robot, "#tile-buggy-0001 .tile-warning").contains("rejected"));
        assertThat(text(robot, "#tile-buggy-0001 .tile-warning")).contains("wrong type");
        waitUntil("the status bar counts the refused connect", () -> text(robot, ".status-broker")
                .contains("refused 1 connect"));
    }
}
