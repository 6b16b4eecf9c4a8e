package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.rollout.ui.RolloutScreen;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.Presence;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.file.Path;

import static io.fleetdeck.console.fleet.ui.LargeFleet.DEVICES;
import static io.fleetdeck.console.fleet.ui.LargeFleet.id;
import static io.fleetdeck.console.fleet.ui.LargeFleet.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The thousand-device fleet as a table: columns sort every device, and the grid shows the same order. */
@ExtendWith(ApplicationExtension.class)
class DeviceTableTest {
    @TempDir
    Path dir;
    private RolloutScreen screen;

    @Start
    void start(Stage stage) {
        screen = LargeFleet.open(stage, dir.resolve("data"));
    }

    @AfterEach
    void close() {
        screen.close();
    }

    @Test
    void clickingAColumnHeaderSortsEveryDeviceAndTheGridFollows(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> screen.fleet.visibleTiles().size() == DEVICES);
        robot.clickOn("#show-table");
        TableView<DeviceTileViewModel> table = robot.lookup("#device-table").queryTableView();
        assertThat(table.isVisible()).isTrue();
        assertThat(robot.lookup(".tile-grid").tryQuery()).isEmpty();

        robot.clickOn("Last reading");
        waitUntil("the lowest reading comes first", () -> table.getItems().getFirst().id().value().equals(id(0)));
        robot.clickOn("Last reading");
        waitUntil("the highest reading comes first", () -> table.getItems().getFirst().id().value()
                .equals(id(DEVICES - 1)));
        assertThat(table.getItems().get(1).id().value()).isEqualTo(id(DEVICES - 2));
        assertThat(screen.fleet.visibleTiles().getFirst().id().value()).isEqualTo(id(DEVICES - 1));

        // Presence: a device gone offline sorts after the online ones (the order of PresenceState).
        screen.registry.recordStatus(DeviceId.of(id(500)), new DeviceStatus(Presence.OFFLINE,
                System.currentTimeMillis()), System.currentTimeMillis());
        waitUntil("the tile says offline", () -> screen.fleet.tile(DeviceId.of(id(500))).orElseThrow()
                .presenceProperty().get() == PresenceState.OFFLINE);
        robot.clickOn("Presence");
        waitUntil("the offline device is last", () -> table.getItems().getLast().id().value().equals(id(500)));

        robot.clickOn("#show-tiles");
        assertThat(robot.lookup(".tile-grid").tryQuery()).isPresent();
        assertThat(robot.lookup("#device-table").tryQuery()).isEmpty();
        assertThat(screen.fleet.visibleTiles().getLast().id().value()).isEqualTo(id(500));
    }

    @Test
    void rowsSelectedInTheTableAreTheSelectionAndCtrlAReachesEveryFilteredDevice(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> screen.fleet.visibleTiles().size() == DEVICES);
        robot.clickOn("#show-table");
        robot.clickOn(cell(robot, id(2)));
        robot.press(KeyCode.SHIFT).clickOn(cell(robot, id(5))).release(KeyCode.SHIFT);
        assertThat(screen.fleet.selection()).extracting(tile -> tile.id().value())
                .containsExactly(id(2), id(3), id(4), id(5));
        assertThat(screen.fleet.selectedProperty().get().id().value()).isEqualTo(id(5));

        robot.clickOn(".text-field").write("Pi 3");
        waitUntil("the filter leaves the Pi 3s", () -> screen.fleet.visibleTiles().size() == DEVICES / 4);
        robot.clickOn(cell(robot, id(8)));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        TableView<DeviceTileViewModel> table = robot.lookup("#device-table").queryTableView();
        assertThat(screen.fleet.selection()).hasSize(DEVICES / 4);
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(DEVICES / 4);
    }

    /** The table cell that names {@code device}. */
    private static Node cell(FxRobot robot, String device) {
        return robot.lookup("#device-table .table-cell").match(LabeledMatchers.hasText(device)).query();
    }
}
