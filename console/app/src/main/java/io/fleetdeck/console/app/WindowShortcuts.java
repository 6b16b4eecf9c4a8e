package io.fleetdeck.console.app;

import io.fleetdeck.console.fleet.ui.FleetView;
import io.fleetdeck.console.fleet.ui.FleetViewModel;
import io.fleetdeck.console.look.Shortcuts;
import io.fleetdeck.console.look.ThemeSwitch;
import io.fleetdeck.console.rollout.ui.RolloutStatus;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The main window's keyboard map, registered in one {@link Shortcuts}: what the window runs itself, and what the
 * tile grid handles (listed so the help shows it). FX thread only.
 */
final class WindowShortcuts {
    static final String WINDOW = "Window";
    static final String FLEET = "Fleet";
    static final String TILES = "Tiles";
    static final String FIRMWARE = "Firmware and history";

    private WindowShortcuts() {
    }

    static Shortcuts create(Parent fleetView, FleetViewModel fleet, FleetMenus menus, ThemeSwitch theme,
                            Runnable toggleHelp, RolloutStatus status) {
        Shortcuts shortcuts = new Shortcuts();
        shortcuts.bind("help", WINDOW, new KeyCodeCombination(KeyCode.F1), "Show or hide this list of shortcuts",
                toggleHelp);
        shortcuts.bind("theme", WINDOW, shortcut(KeyCode.D, KeyCombination.SHIFT_DOWN),
                "Switch between the light and the dark theme", theme::toggle);
        shortcuts.bind("layout", WINDOW, shortcut(KeyCode.T),
                "Switch the fleet between tiles and table", () -> fleet.tableShownProperty().set(
                        !fleet.tableShownProperty().get()));
        shortcuts.bind("filter", WINDOW, shortcut(KeyCode.F), "Type in the fleet filter", () -> {
            if (fleetView.lookup("#fleet-filter") instanceof TextField filter) {
                filter.requestFocus();
                filter.selectAll();
            }
        });

        shortcuts.document("select-all", FLEET, FleetView.SELECT_ALL, "Select every device shown (fleet focused)");
        shortcuts.document("clear-selection", FLEET, FleetView.CLEAR_SELECTION,
                "Clear the selection (fleet focused); close this help");
        shortcuts.bind("tags", FLEET, shortcut(KeyCode.T, KeyCombination.SHIFT_DOWN),
                "Tags of the selected devices…", () -> {
                    if (fleet.selectionCountProperty().get() > 0) {
                        menus.showTags();
                    }
                });
        shortcuts.bind("groups", FLEET, shortcut(KeyCode.G), "Saved groups…", menus::showGroups);
        shortcuts.bind("audit", FLEET, shortcut(KeyCode.L), "Audit log…", menus::showAudit);

        shortcuts.document("tile-move", TILES, "← ↑ → ↓", "Select the next tile");
        shortcuts.document("tile-extend", TILES, "Shift+arrows / Shift+click", "Extend the selection");
        shortcuts.document("tile-focus", TILES, "Ctrl+arrows, then Ctrl+Space",
                "Move the focus only, then add or remove that tile");
        shortcuts.document("tile-toggle", TILES, "Ctrl+click", "Add or remove one tile");
        shortcuts.document("tile-open", TILES, "Enter / Space", "Select the focused tile and open its charts");

        shortcuts.bind("import", FIRMWARE, shortcut(KeyCode.I), "Import firmware images into the library…",
                () -> importFirmware(fleetView));
        shortcuts.bind("export", FIRMWARE, shortcut(KeyCode.E),
                "Export the open device's history (CSV) or charts (PNG)…", () -> {
                    if (fleetView.lookup("#export-csv") instanceof MenuButton export && !export.isDisabled()) {
                        export.show();
                    } else {
                        status.info("Select a device first: its history and charts are exported from its pane");
                    }
                });
        return shortcuts;
    }

    /** Brings the library tab forward and opens its file chooser, as its Import button does. */
    private static void importFirmware(Parent fleetView) {
        if (fleetView.lookup("#rollout-tabs") instanceof TabPane tabs) {
            tabs.getTabs().stream().filter(tab -> "library-tab".equals(tab.getId())).findFirst()
                    .ifPresent(tab -> tabs.getSelectionModel().select(tab));
        }
        Node button = fleetView.lookup("#library-import");
        if (button instanceof ButtonBase importButton) {
            importButton.fire();
        }
    }

    private static KeyCombination shortcut(KeyCode code, KeyCombination.Modifier... more) {
        KeyCombination.Modifier[] modifiers = new KeyCombination.Modifier[more.length + 1];
        modifiers[0] = KeyCombination.SHORTCUT_DOWN;
        System.arraycopy(more, 0, modifiers, 1, more.length);
        return new KeyCodeCombination(code, modifiers);
    }
}
