package io.fleetdeck.console.app;

import io.fleetdeck.console.look.Shortcuts;
import io.fleetdeck.console.look.Theme;
import io.fleetdeck.console.look.ThemeSwitch;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;

import java.util.List;
import java.util.Locale;

/**
 * View (theme, tiles or table, filter) and Help (keyboard shortcuts) menus, and the firmware/export entries of the
 * Fleet menu; every item runs, and shows the keys of, an entry of the window's {@link Shortcuts}. FX thread only.
 */
final class ViewMenus {
    private ViewMenus() {
    }

    static void addTo(MenuBar bar, Shortcuts shortcuts, ThemeSwitch theme) {
        ToggleGroup themes = new ToggleGroup();
        Menu themeMenu = new Menu("Theme");
        themeMenu.setId("menu-theme");
        for (Theme one : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(one.label());
            item.setId("menu-theme-" + one.name().toLowerCase(Locale.ROOT));
            item.setToggleGroup(themes);
            item.setSelected(theme.themeProperty().get() == one);
            item.setOnAction(event -> theme.themeProperty().set(one));
            themeMenu.getItems().add(item);
        }
        theme.themeProperty().addListener((obs, old, now) -> themes.getToggles().get(now.ordinal()).setSelected(true));
        themeMenu.getItems().addAll(new SeparatorMenuItem(), shortcuts.menuItem("theme", "Switch light/dark"));
        Menu view = new Menu("View", null, themeMenu, new SeparatorMenuItem(),
                shortcuts.menuItem("layout", "Tiles / table"), shortcuts.menuItem("filter", "Filter devices"));
        view.setId("menu-view");
        Menu help = new Menu("Help", null, shortcuts.menuItem("help", "Keyboard shortcuts"));
        help.setId("menu-help");

        bar.getMenus().stream().filter(menu -> "menu-fleet".equals(menu.getId())).findFirst().ifPresent(fleet -> {
            List<MenuItem> more = List.of(new SeparatorMenuItem(),
                    shortcuts.menuItem("import", "Import firmware images…"),
                    shortcuts.menuItem("export", "Export the open device's history…"));
            fleet.getItems().addAll(more);
            for (MenuItem item : fleet.getItems()) {
                String id = item.getId() == null ? "" : item.getId();
                switch (id) {
                    case "menu-tags" -> shortcuts.get("tags").flatMap(s -> s.keys()).ifPresent(item::setAccelerator);
                    case "menu-groups" -> shortcuts.get("groups").flatMap(s -> s.keys())
                            .ifPresent(item::setAccelerator);
                    case "menu-audit" -> shortcuts.get("audit").flatMap(s -> s.keys()).ifPresent(item::setAccelerator);
                    default -> { }
                }
            }
        });
        bar.getMenus().addAll(view, help);
    }
}
