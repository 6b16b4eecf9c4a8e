package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.console.fleet.FleetDiscoveryAdapter;
import io.fleetdeck.console.fleet.ui.DeviceTileViewModel;
import io.fleetdeck.console.rollout.staged.StagedMember;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A staged rollout to a saved group of 300 of 1,000 devices, as the operator does it in the window: narrow the fleet
 * with the filter, select all it shows, tag them, save a group by that tag, select the group, drop an image on one of
 * its tiles, set the stages and start; the staged rollouts panel shows it over all 300 and the canary's install job
 * starts. Real console runtime and embedded broker; 1,000 simulated devices with their own MQTT sessions on loopback.
 * The 300 are adopted (a rollout needs that), their announcements handed to the console's discovery listener as its
 * mDNS browser would; the other 700 only connect and say who they are, as devices not adopted yet do. Telemetry is
 * slow (one reading per sensor every 10 s): this test is about the fleet's size, not its data rate.
 */
@ExtendWith(ApplicationExtension.class)
class GroupStagedRolloutUiTest {
    private static final int WAVE_SIZE = 300;
    private static final int OTHERS = 700;
    private static final String CONSOLE_NAME = "console-gsr" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * Other consoles' devices may be on loopback too: this test's ids start with a prefix of its own, a digit first
     * so that the group's tiles (prefix and "a") come first in the grid, ahead of the others ("b") and of most ids.
     */
    private static final String PREFIX = "0g" + UUID.randomUUID().toString().substring(0, 5);
    private static final String WAVE = PREFIX + "a";
    private static final String TAG = "wave-1";
    private static final String GROUP = "first-wave";
    private static final int ADOPTING_AT_ONCE = 20;

    @TempDir
    static Path dir;
    private static ConsoleRuntime runtime;
    private static DiscoveryListener discovery;
    private static SimulatedFleet wave;
    private static SimulatedFleet others;
    private static List<DeviceId> waveIds;
    private static List<DeviceId> otherIds;

    @BeforeAll
    static void startConsoleAndAThousandDevices() throws Exception {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, dir.resolve("data"), 0,
                10, List.of("lo"), CONSOLE_NAME, 0), Clock.systemUTC(), registry -> {
                    discovery = new FleetDiscoveryAdapter(registry, Clock.systemUTC());
                    return discovery;
                });
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("wave"))
                .withProvisionedKeys(runtime.provisionedKeys()).withSlotCapacity(8L << 20)
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(5)));
        wave = SimulatedFleet.start(new FleetOptions(WAVE_SIZE, 0.1, WAVE, MqttSettings.defaults(runtime.brokerUrl()),
                firmware));
        others = SimulatedFleet.start(new FleetOptions(OTHERS, 0.1, PREFIX + "b",
                MqttSettings.defaults(runtime.brokerUrl()), SimFirmwareOptions.defaults()
                .withStateRoot(dir.resolve("others"))));
        waveIds = wave.deviceIds();
        otherIds = others.deviceIds();
        Poll.until("all 1,000 devices said who they are", Duration.ofSeconds(120), () -> Stream.concat(
                waveIds.stream(), otherIds.stream()).allMatch(id -> runtime.registry().device(id)
                .map(d -> d.info().isPresent() && d.presence().name().equals("ONLINE")).orElse(false)));
        // What the console's mDNS browser hands over for each device it resolves; 300 services multicast on a
        // loopback shared with other test runs took longer than two minutes to resolve, so they are not sent.
        for (DeviceId id : waveIds) {
            DeviceAnnouncement announcement = new DeviceAnnouncement(id, runtime.registry().info(id).orElseThrow()
                    .model(), wave.firmwareVersion(id), KeyFingerprint.of(wave.publicKey(id)));
            discovery.announced(announcement, id.value(), "gsr-host.local.",
                    List.of(InetAddress.getLoopbackAddress()), 0, "lo");
        }
        adoptAll(waveIds);
    }

    /**
     * Adopts {@code devices} a few at a time, each tried again after a failure: three hundred trust-key commands at
     * once on a loaded machine leave some devices past the console's 10 s wait for their answer.
     */
    private static void adoptAll(List<DeviceId> devices) throws Exception {
        Semaphore window = new Semaphore(ADOPTING_AT_ONCE);
        List<CompletableFuture<KeyFingerprint>> adoptions = new ArrayList<>();
        for (DeviceId id : devices) {
            window.acquire();
            adoptions.add(adopt(id, 3).whenComplete((key, failure) -> window.release()));
        }
        CompletableFuture.allOf(adoptions.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
    }

    private static CompletableFuture<KeyFingerprint> adopt(DeviceId id, int attempts) {
        CompletableFuture<KeyFingerprint> once = runtime.trust().adopt(id, Optional.empty());
        return attempts <= 1 ? once : once.exceptionallyCompose(failure -> adopt(id, attempts - 1));
    }

    @AfterAll
    static void stop() {
        if (others != null) {
            others.close();
        }
        if (wave != null) {
            wave.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private FleetdeckWindow window;

    @Start
    void start(Stage stage) {
        window = new FleetdeckWindow(runtime);
        window.show(stage);
    }

    /** Stops the window's timers before the runtime closes under them (they read fleet.db every few seconds). */
    @AfterEach
    void dispose(FxRobot robot) {
        robot.interact(window::dispose);
    }

    @Test
    void filtersTagsAndSavesAGroupOf300Of1000AndStartsAStagedRolloutOnIt(FxRobot robot) throws Exception {
        waitUntil("the window holds all 1,000 devices, the 300 adopted", () -> Stream.concat(waveIds.stream(),
                otherIds.stream()).allMatch(id -> window.viewModel().tile(id).isPresent())
                && waveIds.stream().allMatch(id -> window.viewModel().tile(id).orElseThrow().snapshot().adopted()));

        TextField filter = robot.lookup((Node node) -> node instanceof TextField field && field.getPromptText() != null
                && field.getPromptText().startsWith("Filter")).queryAs(TextField.class);
        // Focused rather than clicked: a thousand devices arriving re-lay the window, and a click aimed at the field
        // once found it outside the scene's visible bounds.
        robot.interact(filter::requestFocus);
        robot.write(WAVE);
        waitUntil("the filter leaves the 300", () -> window.viewModel().visibleTiles().size() == WAVE_SIZE
                && has(robot, tile(waveIds.getFirst())));
        // Narrowed across the whole fleet, while only the tiles on screen are nodes.
        assertThat(robot.lookup(".device-tile").queryAll()).hasSizeLessThan(WAVE_SIZE / 2);
        robot.clickOn(tile(waveIds.getFirst()));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).isEqualTo(WAVE_SIZE + " devices selected");

        robot.clickOn("Fleet").clickOn("Tags of selected devices…");
        robot.clickOn("#tags-add").write(TAG);
        robot.clickOn("#tags-apply");
        waitForText(robot, "#tags-message", "Changed the tags of " + WAVE_SIZE + " devices");

        robot.clickOn("Fleet").clickOn("Groups…");
        robot.clickOn("#group-name").write(GROUP);
        robot.clickOn("#group-tags").write(TAG);
        waitForText(robot, "#group-matches", WAVE_SIZE + " devices match tags " + TAG);
        robot.clickOn("#group-save");
        waitUntil("the group is listed", () -> robot.lookup("#group-list").<ListView<?>>query().getItems()
                .size() == 1);

        robot.clickOn("Fleet").clickOn("Select group").clickOn(GROUP + " (tags " + TAG + ")");
        waitUntil("the group's 300 are selected", () -> window.viewModel().selection().size() == WAVE_SIZE);
        assertThat(window.viewModel().selection()).extracting(DeviceTileViewModel::id)
                .containsExactlyInAnyOrderElementsOf(waveIds);
        assertThat(window.viewModel().filterProperty().get()).isEmpty();
        assertThat(text(robot, "#selection-count")).isEqualTo(WAVE_SIZE + " devices selected");
        // A member's tile on screen to drop the image on: the filter is cleared, the group's ids come first.
        waitUntil("a tile of the group is on screen", () -> memberOnScreen(robot).isPresent());
        Node target = memberOnScreen(robot).orElseThrow();

        Path image = SimImages.write(dir.resolve("fleetdeck-sim-2.1.0.img.gz"), "2.1.0", 1L << 20, true).file();
        WaitForAsyncUtils.asyncFx(() -> FileDrags.drop(target, FileDrags.holding(List.of(image.toFile()))))
                .get(10, TimeUnit.SECONDS);
        waitUntil("pre-flight clears all 300 and offers a staged rollout", () -> has(robot, "#preflight-install")
                && robot.lookup("#preflight-install").queryButton().getText()
                .equals("Install on " + WAVE_SIZE + " devices")
                && shown(robot.lookup("#staged-options").query()));
        type(robot, "#staged-stages", "1,rest");
        type(robot, "#staged-parallel", "1");
        type(robot, "#staged-failures", "0");
        robot.clickOn("#staged-start");

        waitUntil("the pre-flight panel closes", () -> !shown(robot.lookup("#preflight-install").query()));
        robot.clickOn("#staged-tab");
        TableView<StagedRolloutRow> table = robot.lookup("#staged-table").queryTableView();
        waitUntil("the panel shows the rollout", () -> table.getItems().size() == 1);
        StagedRollout started = runtime.stagedRollouts().rollouts().getFirst();
        assertThat(started.members()).extracting(StagedMember::device).containsExactlyInAnyOrderElementsOf(waveIds);
        DeviceId canary = started.members().stream().filter(m -> m.stage() == 0).map(StagedMember::device)
                .findFirst().orElseThrow();
        assertThat(started.members().stream().filter(m -> m.stage() == 0)).hasSize(1);
        waitUntil("the canary's install job starts", () -> runtime.rollouts().latestJob(canary).isPresent());
        StagedRolloutRow row = table.getItems().getFirst();
        assertThat(row.image()).isEqualTo("fleetdeck-sim-2.1.0.img.gz → 2.1.0");
        assertThat(row.stage()).isEqualTo("1 of 2 (1)");
        assertThat(row.state()).isEqualTo("Running");
        assertThat(devicesCounted(row.counts())).as(row.counts()).isEqualTo(WAVE_SIZE);
        for (DeviceId other : otherIds) {
            assertThat(runtime.rollouts().latestJob(other)).as("nothing started on %s", other).isEmpty();
        }
    }

    private static Optional<Node> memberOnScreen(FxRobot robot) {
        return robot.lookup(".device-tile").queryAll().stream()
                .filter(node -> node.getId() != null && node.getId().startsWith("tile-" + WAVE) && shown(node))
                .findFirst();
    }

    /** The sum of "0 updated · 0 failed · 1 running · 299 waiting": every member is in one of them. */
    private static int devicesCounted(String counts) {
        Matcher number = Pattern.compile("(\\d+) ").matcher(counts);
        int sum = 0;
        while (number.find()) {
            sum += Integer.parseInt(number.group(1));
        }
        return sum;
    }

    private static void type(FxRobot robot, String query, String value) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        // Focused rather than clicked, like the filter: the side pane may still be laying out the 300 verdicts.
        robot.interact(() -> {
            field.clear();
            field.requestFocus();
        });
        robot.write(value);
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

    private static void waitForText(FxRobot robot, String query, String expected) throws Exception {
        waitUntil(query + " says \"" + expected + "\"", () -> expected.equals(text(robot, query)));
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(90), condition, () -> "staged: "
                    + runtime.stagedRollouts().rollouts());
    }
}
