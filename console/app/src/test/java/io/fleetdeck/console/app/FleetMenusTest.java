package io.fleetdeck.console.app;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.fleet.ui.DeviceTileViewModel;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags, saved groups and the audit log as an operator uses them in the window, headless: a real embedded broker, four
 * simulated devices, real {@code fleet.db}. Tags two devices through the Tags dialog, saves a group by that tag,
 * hides one member with the filter and selects the group from the Fleet menu: both members are selected (and a drop
 * on either targets both), and the audit log lists the changes.
 */
@ExtendWith(ApplicationExtension.class)
class FleetMenusTest {
    private static final String CONSOLE_NAME = "console-menus" + UUID.randomUUID().toString().substring(0, 6);
    @TempDir
    static Path data;
    private static ConsoleRuntime runtime;
    private FleetdeckWindow window;

    @BeforeAll
    static void startConsole() {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 4, 2,
                List.of("lo"), CONSOLE_NAME, 0), Clock.systemUTC());
    }

    @AfterAll
    static void stopConsole() {
        runtime.close();
    }

    @Start
    void start(Stage stage) {
        window = new FleetdeckWindow(runtime);
        window.show(stage);
    }

    @AfterEach
    void dispose(FxRobot robot) {
        robot.interact(window::dispose);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(30), condition);
    }

    private static void waitForText(FxRobot robot, String query, String expected) throws Exception {
        FxWait.until(query + " says \"" + expected + "\"", Duration.ofSeconds(30),
                () -> text(robot, query).equals(expected), () -> "it says \"" + text(robot, query) + "\"");
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void tagsDevicesSavesAGroupByTagAndSelectsAllItsMembersEvenWhenHidden(FxRobot robot) throws Exception {
        // Ids of this console's own simulated devices: a demo elsewhere on loopback may add tiles over mDNS.
        DeviceId first = DeviceId.of("sim-0001");
        DeviceId third = DeviceId.of("sim-0003");
        // All four, not just the two clicked: a device arriving later re-lays the grid's rows under the pointer.
        for (String sim : List.of("sim-0001", "sim-0002", "sim-0003", "sim-0004")) {
            DeviceId id = DeviceId.of(sim);
            waitUntil("tile " + id + " with its info", () -> window.viewModel().tile(id)
                    .filter(tile -> tile.snapshot().info().isPresent()).isPresent()
                    && robot.lookup("#tile-" + id.value()).tryQuery().isPresent());
        }
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#tile-" + first.value());
        robot.press(KeyCode.CONTROL).clickOn("#tile-" + third.value()).release(KeyCode.CONTROL);
        robot.clickOn("Fleet").clickOn("Tags of selected devices…");
        robot.clickOn("#tags-add").write("Canary");
        robot.clickOn("#tags-apply");
        waitForText(robot, "#tags-message", "Changed the tags of 2 devices");
        waitUntil("the dialog shows them", () -> robot.lookup("#tags-devices").<ListView<String>>query().getItems()
                .equals(List.of(first.value() + ": canary", third.value() + ": canary")));

        robot.clickOn("Fleet").clickOn("Groups…");
        robot.clickOn("#group-name").write("canaries");
        robot.clickOn("#group-tags").write("canary");
        waitForText(robot, "#group-matches", "2 devices match tags canary");
        robot.clickOn("#group-save");
        waitUntil("the group is listed", () -> robot.lookup("#group-list").queryListView().getItems().size() == 1);
        // The group column of the grid's tiles and the table follows within a refresh.
        waitUntil("the members' group column says canaries", () -> window.viewModel().tile(first).orElseThrow()
                .groupProperty().get().equals("canaries")
                && window.viewModel().tile(third).orElseThrow().groupProperty().get().equals("canaries"));
        assertThat(window.viewModel().tile(DeviceId.of("sim-0002")).orElseThrow().groupProperty().get()).isEmpty();

        robot.interact(() -> window.viewModel().filterProperty().set(first.value()));
        assertThat(window.viewModel().visibleTiles()).extracting(DeviceTileViewModel::id).doesNotContain(third);
        robot.clickOn("Fleet").clickOn("Select group").clickOn("canaries (tags canary)");

        waitUntil("both members are selected", () -> window.viewModel().selection().size() == 2);
        assertThat(window.viewModel().filterProperty().get()).isEmpty();
        assertThat(window.viewModel().selection()).extracting(DeviceTileViewModel::id).containsExactly(first, third);
        DeviceTileViewModel firstTile = window.viewModel().tile(first).orElseThrow();
        assertThat(window.viewModel().dropTargets(firstTile)).extracting(DeviceTileViewModel::id)
                .containsExactly(first, third);

        robot.clickOn("Fleet").clickOn("Audit log…");
        waitUntil("the audit log lists the changes", () -> robot.lookup("#audit-table")
                .<TableView<AuditEntry>>query().getItems().size() >= 3);
        List<AuditEntry> shown = robot.lookup("#audit-table").<TableView<AuditEntry>>query().getItems();
        assertThat(shown).extracting(AuditEntry::action).containsExactly(AuditAction.GROUP_SAVE,
                AuditAction.TAG_CHANGE, AuditAction.TAG_CHANGE);
        assertThat(shown).extracting(AuditEntry::user).containsOnly(System.getProperty("user.name"));
        assertThat(shown).extracting(AuditEntry::outcome).containsOnly(AuditOutcome.SUCCEEDED);
        assertThat(shown).extracting(AuditEntry::target).contains(first.value(), third.value(), "canaries");
    }
}
