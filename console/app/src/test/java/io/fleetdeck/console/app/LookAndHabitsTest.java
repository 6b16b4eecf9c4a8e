package io.fleetdeck.console.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.fleetdeck.console.fleet.ui.DeviceTileViewModel;
import io.fleetdeck.console.look.Shortcut;
import io.fleetdeck.console.look.Theme;
import io.fleetdeck.console.look.UiState;
import io.fleetdeck.console.look.UiStateFile;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Look and habits as an operator meets them, headless over a real console (embedded broker, three simulated devices,
 * real data directory): the dark theme switched on and still on in the next window, the F1 help listing what the keys
 * do, and the window, its layout and the selection as they were left after closing and opening it again.
 */
@ExtendWith(ApplicationExtension.class)
class LookAndHabitsTest {
    private static final String CONSOLE_NAME = "console-look" + UUID.randomUUID().toString().substring(0, 6);
    @TempDir
    static Path data;
    private static ConsoleRuntime runtime;
    private final List<Opened> opened = new ArrayList<>();

    private record Opened(FleetdeckWindow window, Stage stage) {
    }

    @BeforeAll
    static void startConsole() {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 3, 2,
                List.of("lo"), CONSOLE_NAME, 0), Clock.systemUTC());
    }

    @AfterAll
    static void stopConsole() {
        runtime.close();
    }

    @BeforeEach
    void forgetTheLastWindow() throws Exception {
        Files.deleteIfExists(data.resolve(UiStateFile.NAME));
    }

    @AfterEach
    void closeWindows(FxRobot robot) {
        robot.interact(() -> {
            opened.forEach(one -> close(one));
            Application.setUserAgentStylesheet(Theme.LIGHT.userAgentStylesheet());
        });
    }

    private static void close(Opened one) {
        if (one.stage().isShowing()) {
            one.window().dispose();
            one.stage().close();
        }
    }

    private FleetdeckWindow open(FxRobot robot) {
        robot.interact(() -> {
            FleetdeckWindow window = FleetdeckWindow.remembering(runtime);
            Stage stage = new Stage();
            window.show(stage);
            stage.toFront();
            opened.add(new Opened(window, stage));
        });
        WaitForAsyncUtils.waitForFxEvents();
        return opened.getLast().window();
    }

    private Stage stageOf(FleetdeckWindow window) {
        return opened.stream().filter(one -> one.window() == window).findFirst().orElseThrow().stage();
    }

    /** Closes {@code window} as the operator does; its state is on disk once this returns. */
    private void closeAsTheOperatorDoes(FxRobot robot, FleetdeckWindow window) {
        robot.interact(() -> close(opened.stream().filter(one -> one.window() == window).findFirst().orElseThrow()));
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(30), condition);
    }

    private static UiState saved() {
        return new UiStateFile(data).load();
    }

    @Test
    void theDarkThemeIsSwitchedOnByItsShortcutKeptAndThereInTheNextWindow(FxRobot robot) throws Exception {
        FleetdeckWindow window = open(robot);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        assertThat(window.scene().getRoot().getStyleClass()).contains("theme-light");

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);

        assertThat(window.theme().themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        assertThat(window.scene().getRoot().getStyleClass()).contains("theme-dark").doesNotContain("theme-light");
        waitUntil("the dark theme is saved without closing the window", () -> saved().theme() == Theme.DARK);

        closeAsTheOperatorDoes(robot, window);
        robot.interact(() -> Application.setUserAgentStylesheet(Theme.LIGHT.userAgentStylesheet()));
        FleetdeckWindow next = open(robot);
        assertThat(next.theme().themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        assertThat(next.scene().getRoot().getStyleClass()).contains("theme-dark");
        robot.clickOn("View").clickOn("Theme");
        RadioMenuItem dark = (RadioMenuItem) robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class)
                .getMenus().stream().filter(menu -> "menu-view".equals(menu.getId())).findFirst().orElseThrow()
                .getItems().stream().filter(item -> "menu-theme".equals(item.getId())).findFirst()
                .map(item -> ((javafx.scene.control.Menu) item).getItems().stream()
                        .filter(one -> "menu-theme-dark".equals(one.getId())).findFirst().orElseThrow())
                .orElseThrow();
        assertThat(dark.isSelected()).isTrue();
        robot.clickOn("Light");
        assertThat(next.theme().themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
    }

    @Test
    void f1ListsEveryShortcutWithItsKeysAndEscClosesIt(FxRobot robot) throws Exception {
        FleetdeckWindow window = open(robot);
        assertThat(window.help().isVisible()).isFalse();

        robot.press(KeyCode.F1).release(KeyCode.F1);

        assertThat(window.help().isVisible()).isTrue();
        List<Shortcut> all = window.shortcuts().all();
        assertThat(all).extracting(Shortcut::id).contains("help", "theme", "layout", "filter", "select-all",
                "clear-selection", "tags", "groups", "audit", "import", "export", "tile-move");
        for (Shortcut shortcut : all) {
            assertThat(robot.lookup("#help-keys-" + shortcut.id()).queryAs(Label.class).getText())
                    .as("keys of " + shortcut.id()).isEqualTo(shortcut.keyText()).isNotBlank();
            assertThat(robot.lookup("#help-text-" + shortcut.id()).queryAs(Label.class).getText())
                    .isEqualTo(shortcut.description());
            assertThat(robot.lookup("#help-keys-" + shortcut.id()).query().isVisible()).isTrue();
        }
        assertThat(robot.lookup("#help-keys-help").queryAs(Label.class).getText()).isEqualTo("F1");
        assertThat(robot.lookup("#help-keys-filter").queryAs(Label.class).getText())
                .isEqualTo(window.shortcuts().get("filter").orElseThrow().keys().orElseThrow().getDisplayText())
                .endsWith("F");

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(window.help().isVisible()).isFalse();

        // The keys do what the help says: Ctrl+F puts the cursor in the filter, Ctrl+T shows the table.
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        assertThat(robot.lookup("#fleet-filter").queryAs(TextField.class).isFocused()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        assertThat(window.viewModel().tableShownProperty().get()).isTrue();
    }

    @Test
    void theWindowItsLayoutAndTheSelectionAreAsLeftAfterClosingAndOpeningIt(FxRobot robot) throws Exception {
        FleetdeckWindow window = open(robot);
        DeviceId lead = DeviceId.of("sim-0002");
        DeviceId other = DeviceId.of("sim-0003");
        waitUntil("the simulated devices have tiles", () -> window.viewModel().tile(lead).isPresent()
                && window.viewModel().tile(other).isPresent());
        Stage stage = stageOf(window);
        robot.interact(() -> {
            stage.setX(120);
            stage.setY(90);
            stage.setWidth(1180);
            stage.setHeight(760);
            ((SplitPane) window.scene().lookup(".main-split")).setDividerPositions(0.61);
            window.viewModel().tableShownProperty().set(true);
            TabPane tabs = (TabPane) window.scene().lookup("#rollout-tabs");
            tabs.getSelectionModel().select(tabs.getTabs().stream()
                    .filter(tab -> "library-tab".equals(tab.getId())).findFirst().orElseThrow());
            window.viewModel().filterProperty().set("sim-000");
            DeviceTileViewModel leadTile = window.viewModel().tile(lead).orElseThrow();
            window.viewModel().selectExactly(List.of(leadTile, window.viewModel().tile(other).orElseThrow()),
                    leadTile);
        });
        double mainDivider = ((SplitPane) window.scene().lookup(".main-split")).getDividerPositions()[0];
        double fleetDivider = ((SplitPane) window.scene().lookup(".main-split .split-pane")).getDividerPositions()[0];
        assertThat(mainDivider).isCloseTo(0.61, within(0.02));

        closeAsTheOperatorDoes(robot, window);
        UiState left = saved();
        assertThat(left.selection()).containsExactly(lead.value(), other.value());
        assertThat(left.window()).isPresent();

        FleetdeckWindow next = open(robot);
        Stage again = stageOf(next);
        assertThat(again.getX()).isEqualTo(120.0);
        assertThat(again.getY()).isEqualTo(90.0);
        assertThat(again.getWidth()).isEqualTo(1180.0);
        assertThat(again.getHeight()).isEqualTo(760.0);
        assertThat(((SplitPane) next.scene().lookup(".main-split")).getDividerPositions()[0]).isCloseTo(mainDivider,
                within(0.005));
        assertThat(((SplitPane) next.scene().lookup(".main-split .split-pane")).getDividerPositions()[0])
                .isCloseTo(fleetDivider, within(0.005));
        assertThat(next.viewModel().tableShownProperty().get()).isTrue();
        assertThat(((TabPane) next.scene().lookup("#rollout-tabs")).getSelectionModel().getSelectedItem().getId())
                .isEqualTo("library-tab");
        assertThat(robot.lookup("#fleet-filter").queryAs(TextField.class).getText()).isEqualTo("sim-000");
        waitUntil("the selection comes back as the tiles arrive", () -> next.viewModel().selection().size() == 2);
        assertThat(next.viewModel().selectedProperty().get().id()).isEqualTo(lead);
        assertThat(next.viewModel().selection()).extracting(DeviceTileViewModel::id).containsExactlyInAnyOrder(lead,
                other);
        waitUntil("the lead's charts are open", () -> robot.lookup("#device-detail").tryQuery().isPresent());
    }

    @Test
    void aWindowLeftOnAScreenThatIsGoneOpensOnThisOne(FxRobot robot) throws Exception {
        Files.write(data.resolve(UiStateFile.NAME), List.of("window.x=5200", "window.y=300", "window.width=1000",
                "window.height=700"));
        FleetdeckWindow window = open(robot);
        Stage stage = stageOf(window);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        assertThat(stage.getX()).isBetween(screen.getMinX(), screen.getMaxX() - 100);
        assertThat(stage.getY()).isBetween(screen.getMinY(), screen.getMaxY() - 100);
        assertThat(stage.getWidth()).isEqualTo(1000.0);
    }

    @Test
    void aWindowNotAskedToRememberNeitherReadsNorWritesTheStateFile(FxRobot robot) throws Exception {
        List<String> left = List.of("theme=DARK", "view=table", "filter=nothing-matches-this");
        Files.write(data.resolve(UiStateFile.NAME), left);
        robot.interact(() -> {
            FleetdeckWindow plain = new FleetdeckWindow(runtime);
            Stage stage = new Stage();
            plain.show(stage);
            opened.add(new Opened(plain, stage));
        });
        FleetdeckWindow plain = opened.getLast().window();
        assertThat(plain.theme().themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(plain.viewModel().tableShownProperty().get()).isFalse();
        assertThat(plain.viewModel().filterProperty().get()).isEmpty();

        robot.interact(() -> plain.viewModel().filterProperty().set("sim"));
        closeAsTheOperatorDoes(robot, plain);
        assertThat(Files.readAllLines(data.resolve(UiStateFile.NAME))).isEqualTo(left);
    }
}
