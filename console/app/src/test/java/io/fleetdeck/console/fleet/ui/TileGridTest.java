package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.rollout.ui.RolloutScreen;
import io.fleetdeck.model.DeviceId;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import static io.fleetdeck.console.fleet.ui.LargeFleet.DEVICES;
import static io.fleetdeck.console.fleet.ui.LargeFleet.id;
import static io.fleetdeck.console.fleet.ui.LargeFleet.onFx;
import static io.fleetdeck.console.fleet.ui.LargeFleet.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand devices in the tile grid: only tiles on screen are nodes, and what the operator does (filter, select
 * all, Shift-click a range) reaches every device, not only those with a node.
 */
@ExtendWith(ApplicationExtension.class)
class TileGridTest {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

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
    void onlyTilesOnScreenAreNodes(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> screen.fleet.visibleTiles().size() == DEVICES
                && robot.lookup("#tile-" + id(0)).tryQuery().isPresent());
        int columns = onFx(() -> grid(robot).columns());
        waitUntil("the second and third rows are on screen too", () -> LargeFleet.showing(robot.lookup("#tile-"
                + id(columns)).query()) && LargeFleet.showing(robot.lookup("#tile-" + id(2 * columns)).query()));
        Collection<Node> tiles = robot.lookup(".device-tile").queryAll();
        assertThat(tiles).hasSizeLessThan(DEVICES / 10);
        assertThat(robot.lookup("#tile-" + id(DEVICES - 1)).tryQuery()).isEmpty();

        onFx(() -> {
            grid(robot).scrollTo(screen.fleet.tile(DeviceId.of(id(DEVICES - 1))).orElseThrow());
            return null;
        });
        waitUntil("the last device's tile is shown and the first's is gone", () -> robot.lookup("#tile-"
                + id(DEVICES - 1)).queryAll().stream().anyMatch(LargeFleet::showing)
                && robot.lookup("#tile-" + id(0)).tryQuery().isEmpty());
        assertThat(robot.lookup(".device-tile").queryAll()).hasSizeLessThan(DEVICES / 10);
        // A reused tile shows the device it holds now, not the one it was made for.
        assertThat(robot.lookup("#tile-" + id(DEVICES - 1) + " .tile-title").queryAs(Label.class).getText())
                .isEqualTo(id(DEVICES - 1));
        assertThat(robot.lookup("#tile-" + id(DEVICES - 1) + " .tile-reading").queryAs(Label.class).getText())
                .startsWith("1040.5");
        // Every tile node in the scene holds a device of its own: no parked cell keeps a stale id.
        List<String> ids = robot.lookup(".device-tile").queryAll().stream().map(Node::getId)
                .filter(Objects::nonNull).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void filterAndSelectAllSelectEveryMatchingDeviceNotOnlyThoseOnScreen(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> robot.lookup("#tile-" + id(0)).tryQuery().isPresent());
        robot.clickOn(".text-field").write("Pi 3");
        waitUntil("the filter leaves the Pi 3s", () -> screen.fleet.visibleTiles().size() == DEVICES / 4);
        robot.clickOn("#tile-" + id(4));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);

        assertThat(screen.fleet.selection()).hasSize(DEVICES / 4);
        assertThat(screen.fleet.selection()).allMatch(tile -> tile.snapshot().info().orElseThrow().model()
                .equals(RolloutScreen.PI3));
        assertThat(robot.lookup(".device-tile").queryAll()).hasSizeLessThan(DEVICES / 4);
        assertThat(robot.lookup("#selection-count").queryAs(Label.class).getText())
                .isEqualTo(DEVICES / 4 + " devices selected");
        // A Pi 3 far down the list, whose tile did not exist when it was selected, shows it is selected.
        onFx(() -> {
            grid(robot).scrollTo(screen.fleet.tile(DeviceId.of(id(996))).orElseThrow());
            return null;
        });
        waitUntil("the far tile is shown", () -> robot.lookup("#tile-" + id(996)).queryAll().stream()
                .anyMatch(LargeFleet::showing));
        assertThat(robot.lookup("#tile-" + id(996)).query().getPseudoClassStates()).contains(SELECTED);
    }

    @Test
    void shiftClickSelectsTheRangeAcrossRowsScrolledAway(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> robot.lookup("#tile-" + id(1)).tryQuery().isPresent());
        robot.clickOn("#tile-" + id(1));
        onFx(() -> {
            grid(robot).scrollTo(screen.fleet.tile(DeviceId.of(id(600))).orElseThrow());
            return null;
        });
        waitUntil("tile 600 is shown", () -> robot.lookup("#tile-" + id(600)).queryAll().stream()
                .anyMatch(LargeFleet::showing));
        robot.press(KeyCode.SHIFT).clickOn("#tile-" + id(600)).release(KeyCode.SHIFT);

        assertThat(screen.fleet.selection()).hasSize(600);
        assertThat(screen.fleet.selection().getFirst().id().value()).isEqualTo(id(1));
        assertThat(screen.fleet.selection().getLast().id().value()).isEqualTo(id(600));
        assertThat(robot.lookup("#tile-" + id(600)).query().getPseudoClassStates()).contains(SELECTED);
        assertThat(screen.fleet.tile(DeviceId.of(id(601))).orElseThrow().selectedProperty().get())
                .isFalse();
    }

    @Test
    void arrowKeysMoveTheSelectionRowByRowOutOfTheFirstScreenAndShiftExtendsIt(FxRobot robot) throws Exception {
        waitUntil("the fleet is shown", () -> robot.lookup("#tile-" + id(1)).tryQuery().isPresent());
        int columns = onFx(() -> grid(robot).columns());
        robot.clickOn("#tile-" + id(1));
        for (int i = 0; i < 12; i++) {
            robot.type(KeyCode.DOWN);
        }
        String twelveRowsDown = id(1 + 12 * columns);
        waitUntil("the tile twelve rows down has the focus", () -> robot.lookup("#tile-" + twelveRowsDown).tryQuery()
                .filter(node -> node.getScene().getFocusOwner() == node).isPresent());
        assertThat(screen.fleet.selection()).extracting(tile -> tile.id().value()).containsExactly(twelveRowsDown);
        assertThat(robot.lookup("#tile-" + id(1)).tryQuery()).isEmpty();

        robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
        assertThat(screen.fleet.selection()).extracting(tile -> tile.id().value())
                .containsExactly(twelveRowsDown, id(2 + 12 * columns), id(3 + 12 * columns));
        assertThat(screen.fleet.selectedProperty().get().id().value()).isEqualTo(id(3 + 12 * columns));
    }

    private static TileGrid grid(FxRobot robot) {
        return robot.lookup(".tile-grid").queryAs(TileGrid.class);
    }
}
