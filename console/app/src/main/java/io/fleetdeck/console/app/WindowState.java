package io.fleetdeck.console.app;

import io.fleetdeck.console.fleet.ui.DeviceTileViewModel;
import io.fleetdeck.console.fleet.ui.FleetViewModel;
import io.fleetdeck.console.look.ThemeSwitch;
import io.fleetdeck.console.look.UiState;
import io.fleetdeck.console.look.UiStateKeeper;
import io.fleetdeck.console.look.WindowBounds;
import io.fleetdeck.console.look.WindowPlacement;
import io.fleetdeck.model.DeviceId;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the window back as the operator left it (theme, size and place, dividers, tiles or table, rollout tab, filter,
 * selected devices) and tells the {@link UiStateKeeper} whenever any of it changes. FX thread only.
 */
final class WindowState {
    private final FleetViewModel fleet;
    private final ThemeSwitch theme;
    private final Map<String, SplitPane> splits;
    private final TabPane tabs;
    private UiStateKeeper keeper;
    private Stage stage;
    /** The window's bounds when last not maximized: what a maximized window goes back to. */
    private Optional<WindowBounds> normalBounds;
    /** Devices of the saved selection still to come (tiles appear as the registry fills); lead first. */
    private List<DeviceId> pending;
    private boolean restoring;
    private final ListChangeListener<DeviceTileViewModel> tilesArrived = change -> restoreSelection();

    /** @param splits split panes by the name their dividers are saved under */
    WindowState(UiState saved, FleetViewModel fleet, ThemeSwitch theme, Map<String, SplitPane> splits, TabPane tabs) {
        this.fleet = fleet;
        this.theme = theme;
        this.splits = splits;
        this.tabs = tabs;
        this.normalBounds = saved.window();
        theme.themeProperty().set(saved.theme());
        placeDividers(saved);
        fleet.tableShownProperty().set(saved.tableShown());
        saved.tab().flatMap(id -> tabs.getTabs().stream().filter(tab -> id.equals(tab.getId())).findFirst())
                .ifPresent(tab -> tabs.getSelectionModel().select(tab));
        fleet.filterProperty().set(saved.filter());
        pending = saved.selection().stream().flatMap(id -> parse(id).stream()).toList();
        fleet.visibleTiles().addListener(tilesArrived);
        restoreSelection();
    }

    /**
     * Puts the dividers where they were. Called again once the window is shown: the first layout at the restored
     * window size moves dividers to fit the panes' minimum sizes, and a divider the operator left should not drift.
     */
    void placeDividers(UiState saved) {
        saved.dividers().forEach((name, at) -> {
            SplitPane pane = splits.get(name);
            if (pane != null && at.size() == pane.getDividers().size()) {
                pane.setDividerPositions(at.stream().mapToDouble(Double::doubleValue).toArray());
            }
        });
    }

    private static Optional<DeviceId> parse(String id) {
        try {
            return Optional.of(DeviceId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Starts saving changes through {@code keeper}. */
    void keepWith(UiStateKeeper keeper) {
        this.keeper = keeper;
        InvalidationListener changed = observable -> keeper.changed();
        theme.themeProperty().addListener(changed);
        splits.values().forEach(pane -> pane.getDividers().forEach(d -> d.positionProperty().addListener(changed)));
        fleet.tableShownProperty().addListener(changed);
        tabs.getSelectionModel().selectedItemProperty().addListener(changed);
        fleet.filterProperty().addListener(changed);
        fleet.selectionRevisionProperty().addListener(observable -> {
            if (!restoring) {
                stopRestoring();
            }
            keeper.changed();
        });
    }

    /** Sizes and places {@code stage} as saved, before it is shown; a place off every screen is not used. */
    void place(Stage stage, UiState saved) {
        this.stage = stage;
        List<WindowBounds> screens = Screen.getScreens().stream().map(Screen::getVisualBounds)
                .map(WindowState::bounds).toList();
        saved.window().ifPresent(bounds -> WindowPlacement.onScreens(bounds, screens).ifPresentOrElse(onScreen -> {
            stage.setX(onScreen.x());
            stage.setY(onScreen.y());
            stage.setWidth(onScreen.width());
            stage.setHeight(onScreen.height());
        }, () -> {
            Rectangle2D primary = Screen.getPrimary().getVisualBounds();
            stage.setWidth(Math.min(bounds.width(), primary.getWidth()));
            stage.setHeight(Math.min(bounds.height(), primary.getHeight()));
            stage.centerOnScreen();
        }));
        stage.setMaximized(saved.maximized());
        InvalidationListener moved = observable -> {
            if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0
                    && Double.isFinite(stage.getX()) && Double.isFinite(stage.getY())) {
                normalBounds = Optional.of(new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                        stage.getHeight()));
            }
            if (keeper != null) {
                keeper.changed();
            }
        };
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.maximizedProperty().addListener(moved);
    }

    private static WindowBounds bounds(Rectangle2D r) {
        return new WindowBounds(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }

    /** The state as it is now: what the keeper writes. */
    UiState capture() {
        Map<String, List<Double>> dividers = new LinkedHashMap<>();
        splits.forEach((name, pane) -> {
            List<Double> at = new ArrayList<>();
            for (double position : pane.getDividerPositions()) {
                at.add(position);
            }
            dividers.put(name, at);
        });
        List<String> selection = new ArrayList<>();
        DeviceTileViewModel lead = fleet.selectedProperty().get();
        if (lead != null) {
            selection.add(lead.id().value());
        }
        fleet.selection().stream().filter(tile -> tile != lead).forEach(tile -> selection.add(tile.id().value()));
        if (!pending.isEmpty()) {
            // Not arrived yet: still the operator's selection, kept for the next start.
            selection.clear();
            pending.forEach(id -> selection.add(id.value()));
        }
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return new UiState(theme.themeProperty().get(), normalBounds, stage != null && stage.isMaximized(),
                dividers, fleet.tableShownProperty().get(), Optional.ofNullable(tab).map(Tab::getId),
                fleet.filterProperty().get(), selection);
    }

    private void restoreSelection() {
        if (pending.isEmpty()) {
            return;
        }
        Optional<DeviceTileViewModel> lead = fleet.tile(pending.getFirst());
        if (lead.isEmpty() || !fleet.visibleTiles().contains(lead.get())) {
            return;
        }
        List<DeviceTileViewModel> found = pending.stream().flatMap(id -> fleet.tile(id).stream())
                .filter(fleet.visibleTiles()::contains).toList();
        restoring = true;
        try {
            fleet.selectExactly(found, lead.get());
        } finally {
            restoring = false;
        }
        if (found.size() == pending.size()) {
            stopRestoring();
        }
    }

    private void stopRestoring() {
        pending = List.of();
        fleet.visibleTiles().removeListener(tilesArrived);
    }

    void dispose() {
        fleet.visibleTiles().removeListener(tilesArrived);
    }
}
