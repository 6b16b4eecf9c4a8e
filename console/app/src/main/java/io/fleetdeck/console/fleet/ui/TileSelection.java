package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.PresenceState;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The selected tiles of the fleet view (what a dropped image is installed on) with a lead, the tile last clicked
 * whose charts the detail pane shows, and an anchor for Shift-click ranges. Only visible tiles stay selected, so a
 * drop never reaches a device the operator cannot see. FX thread only.
 */
final class TileSelection {
    private final List<DeviceTileViewModel> tiles;
    private final List<DeviceTileViewModel> visibleTiles;
    private final Set<DeviceTileViewModel> selection = new LinkedHashSet<>();
    private final ReadOnlyObjectWrapper<DeviceTileViewModel> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper selectionCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper selectionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper adoptableSelected = new ReadOnlyIntegerWrapper();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private DeviceTileViewModel anchor;

    /**
     * @param tiles        every tile, whose selected flags this keeps
     * @param visibleTiles the tiles after the filter, in the order shown
     */
    TileSelection(List<DeviceTileViewModel> tiles, List<DeviceTileViewModel> visibleTiles) {
        this.tiles = tiles;
        this.visibleTiles = visibleTiles;
    }

    /** Makes {@code tile} the only selected tile and the lead (a plain click). */
    void select(DeviceTileViewModel tile) {
        selection.clear();
        selection.add(tile);
        anchor = tile;
        changed(tile);
    }

    /** Adds or removes {@code tile} (Ctrl/Cmd-click). */
    void toggle(DeviceTileViewModel tile) {
        anchor = tile;
        if (selection.remove(tile)) {
            DeviceTileViewModel lead = selected.get() == tile
                    ? selection.stream().reduce((first, second) -> second).orElse(null) : selected.get();
            changed(lead);
        } else {
            selection.add(tile);
            changed(tile);
        }
    }

    /** Selects the visible tiles from the last clicked one to {@code tile} (Shift-click). */
    void selectRange(DeviceTileViewModel tile) {
        int from = anchor == null ? -1 : visibleTiles.indexOf(anchor);
        int to = visibleTiles.indexOf(tile);
        if (from < 0 || to < 0) {
            select(tile);
            return;
        }
        selection.clear();
        selection.addAll(visibleTiles.subList(Math.min(from, to), Math.max(from, to) + 1));
        changed(tile);
    }

    /** Selects every visible tile (Ctrl+A). */
    void selectAll() {
        selectOnly(visibleTiles);
    }

    /** Selects exactly {@code members} with {@code lead} (one of them, or null) as the lead and anchor. */
    void selectExactly(List<DeviceTileViewModel> members, DeviceTileViewModel lead) {
        selection.clear();
        selection.addAll(members);
        DeviceTileViewModel kept = selection.contains(lead) ? lead : null;
        anchor = kept;
        changed(kept);
    }

    /** Selects exactly the visible members of {@code group}. */
    void selectGroup(SelectionGroup group) {
        Set<DeviceTileViewModel> shown = new HashSet<>(visibleTiles);
        selectOnly(group.members().stream().filter(shown::contains).toList());
    }

    private void selectOnly(List<DeviceTileViewModel> members) {
        selection.clear();
        selection.addAll(members);
        DeviceTileViewModel lead = selection.contains(selected.get()) ? selected.get() : null;
        anchor = lead != null ? lead : members.isEmpty() ? null : members.getFirst();
        changed(lead);
    }

    /** Deselects everything and closes the detail pane (Esc). */
    void clear() {
        selection.clear();
        anchor = null;
        changed(null);
    }

    /** Deselects the tiles the filter now hides. */
    void dropHidden() {
        // A drop must never reach a device the operator cannot see.
        Set<DeviceTileViewModel> shown = new HashSet<>(visibleTiles);
        List<DeviceTileViewModel> hidden = selection.stream().filter(t -> !shown.contains(t)).toList();
        if (!hidden.isEmpty()) {
            hidden.forEach(selection::remove);
            changed(selected.get() != null && hidden.contains(selected.get()) ? null : selected.get());
        }
    }

    /** Forgets {@code tile}, whose device left the fleet and whose tile is already gone from the list. */
    void removed(DeviceTileViewModel tile) {
        if (selection.remove(tile) || selected.get() == tile) {
            changed(selected.get() == tile ? null : selected.get());
        }
    }

    private void changed(DeviceTileViewModel lead) {
        for (DeviceTileViewModel tile : tiles) {
            tile.selectedProperty().set(selection.contains(tile));
        }
        selected.set(lead);
        selectionCount.set(selection.size());
        selectionText.set(selection.isEmpty() ? "" : selection.size() == 1 ? "1 device selected"
                : selection.size() + " devices selected");
        countAdoptable();
        revision.set(revision.get() + 1);
    }

    /** Recounts the selected tiles waiting to be adopted; a tile can become adoptable at any pulse. */
    void countAdoptable() {
        adoptableSelected.set((int) selection.stream().filter(tile -> tile.adoptableProperty().get()).count());
    }

    /** The selected tiles, in the order shown. */
    List<DeviceTileViewModel> inOrderShown() {
        return visibleTiles.stream().filter(selection::contains).toList();
    }

    /** The whole selection when {@code tile} is part of it, in the order shown, else the tile alone. */
    List<DeviceTileViewModel> dropTargets(DeviceTileViewModel tile) {
        if (!selection.contains(tile)) {
            return List.of(tile);
        }
        return inOrderShown();
    }

    /** Ready-made selections over the visible tiles: online ones, and one per board model and per firmware. */
    List<SelectionGroup> groups() {
        List<SelectionGroup> groups = new ArrayList<>();
        List<DeviceTileViewModel> online = visibleTiles.stream()
                .filter(tile -> tile.presenceProperty().get() == PresenceState.ONLINE).toList();
        groups.add(new SelectionGroup("All online (" + online.size() + ")", online));
        Map<String, List<DeviceTileViewModel>> byModel = new TreeMap<>();
        Map<String, List<DeviceTileViewModel>> byFirmware = new TreeMap<>();
        for (DeviceTileViewModel tile : visibleTiles) {
            tile.snapshot().info().ifPresent(info -> {
                byModel.computeIfAbsent(info.model(), key -> new ArrayList<>()).add(tile);
                byFirmware.computeIfAbsent(info.firmwareVersion(), key -> new ArrayList<>()).add(tile);
            });
        }
        byModel.forEach((model, members) -> groups.add(
                new SelectionGroup("Model " + model + " (" + members.size() + ")", members)));
        byFirmware.forEach((version, members) -> groups.add(
                new SelectionGroup("Firmware " + version + " (" + members.size() + ")", members)));
        return groups;
    }

    ReadOnlyObjectProperty<DeviceTileViewModel> leadProperty() {
        return selected.getReadOnlyProperty();
    }

    ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty countProperty() {
        return selectionCount.getReadOnlyProperty();
    }

    ReadOnlyStringProperty textProperty() {
        return selectionText.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty adoptableProperty() {
        return adoptableSelected.getReadOnlyProperty();
    }
}
