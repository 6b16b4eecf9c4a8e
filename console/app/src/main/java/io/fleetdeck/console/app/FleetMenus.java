package io.fleetdeck.console.app;

import io.fleetdeck.console.audit.ui.AuditView;
import io.fleetdeck.console.audit.ui.AuditViewModel;
import io.fleetdeck.console.charts.ExportFileChooser;
import io.fleetdeck.console.fleet.ui.DeviceTileViewModel;
import io.fleetdeck.console.fleet.ui.FleetViewModel;
import io.fleetdeck.console.groups.DeviceGroup;
import io.fleetdeck.console.groups.ui.GroupsView;
import io.fleetdeck.console.groups.ui.GroupsViewModel;
import io.fleetdeck.console.groups.ui.TagsView;
import io.fleetdeck.console.groups.ui.TagsViewModel;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The window's menu bar: Fleet → tags of the selected devices, saved groups (edit, or select one's devices), the
 * audit log. Each opens a non-modal dialog, one of each kind, so the operator can keep the fleet view in reach (select
 * a group, then drop an image on one of its tiles). FX thread only.
 */
final class FleetMenus {
    private final MenuBar bar = new MenuBar();
    private final FleetViewModel fleet;
    private final GroupsViewModel groups;
    private final TagsViewModel tags;
    private final AuditViewModel audit;
    private final Supplier<Window> owner;
    private final ExportFileChooser chooser;
    private final ZoneId zone;
    private final Map<String, Dialog<Void>> open = new HashMap<>();

    FleetMenus(FleetViewModel fleet, GroupsViewModel groups, TagsViewModel tags, AuditViewModel audit,
               Supplier<Window> owner, ExportFileChooser chooser, ZoneId zone) {
        this.fleet = fleet;
        this.groups = groups;
        this.tags = tags;
        this.audit = audit;
        this.owner = owner;
        this.chooser = chooser;
        this.zone = zone;
        MenuItem editTags = new MenuItem("Tags of selected devices…");
        editTags.setId("menu-tags");
        editTags.disableProperty().bind(fleet.selectionCountProperty().isEqualTo(0));
        editTags.setOnAction(event -> showTags());
        MenuItem editGroups = new MenuItem("Groups…");
        editGroups.setId("menu-groups");
        editGroups.setOnAction(event -> showGroups());
        Menu selectGroup = new Menu("Select group");
        selectGroup.setId("menu-select-group");
        // Rebuilt from the list the groups view model keeps current; reloaded at start and after every change.
        selectGroup.setOnShowing(event -> fillGroups(selectGroup));
        fillGroups(selectGroup);
        MenuItem auditLog = new MenuItem("Audit log…");
        auditLog.setId("menu-audit");
        auditLog.setOnAction(event -> showAudit());
        Menu menu = new Menu("Fleet", null, editTags, editGroups, selectGroup, new SeparatorMenuItem(), auditLog);
        menu.setId("menu-fleet");
        bar.getMenus().add(menu);
        bar.setId("menu-bar");
        groups.reload();
        groups.saved().addListener((javafx.collections.ListChangeListener<DeviceGroup>) change ->
                fillGroups(selectGroup));
    }

    MenuBar bar() {
        return bar;
    }

    private void fillGroups(Menu menu) {
        menu.getItems().clear();
        if (groups.saved().isEmpty()) {
            MenuItem none = new MenuItem("No saved groups");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        for (DeviceGroup group : groups.saved()) {
            MenuItem item = new MenuItem(group.name() + " (" + group.filter().describe() + ")");
            item.setOnAction(event -> groups.select(group));
            menu.getItems().add(item);
        }
    }

    /** Opens (or brings up) the Tags dialog for the devices selected now. */
    void showTags() {
        tags.show(fleet.selection().stream().map(DeviceTileViewModel::snapshot).toList());
        show("tags", "Tags", () -> TagsView.load(tags));
    }

    void showGroups() {
        groups.reload();
        show("groups", "Groups", () -> GroupsView.load(groups));
    }

    void showAudit() {
        audit.reload();
        show("audit", "Audit log", () -> AuditView.load(audit, chooser, zone));
    }

    private void show(String kind, String title, Supplier<Parent> content) {
        Dialog<Void> dialog = open.computeIfAbsent(kind, key -> {
            Dialog<Void> made = new Dialog<>();
            made.initOwner(owner.get());
            made.initModality(Modality.NONE);
            made.setTitle(title);
            made.setResizable(true);
            made.getDialogPane().setContent(content.get());
            made.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
            return made;
        });
        if (dialog.isShowing()) {
            dialog.getDialogPane().getScene().getWindow().requestFocus();
        } else {
            dialog.show();
        }
    }
}
