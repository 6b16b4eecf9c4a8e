package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.DeviceAdopter;
import io.fleetdeck.console.fleet.DeviceDirectory;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetTotals;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.ui.PreflightMarks;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PairingCode;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The fleet overview: one {@link DeviceTileViewModel} per device, the selection and the status bar. Pulled, not
 * pushed: the view calls {@link #refresh(long)} from its pulse timer, and only devices that changed since the last
 * call are touched, so a thousand messages a second cost the FX thread one cheap look per pulse. Rollout jobs are
 * pulled the same way, by the rollout service's revision ({@link RolloutMarks}).
 *
 * <p>The selection is a set of tiles (what a dropped image is installed on) with a lead: the tile last clicked,
 * whose charts the detail pane shows ({@link TileSelection}).
 */
public final class FleetViewModel implements PreflightMarks {
    /** Refreshes per second the view makes; the clock texts of all tiles are spread over them. */
    private static final int TICK_SLICES = 10;
    private final DeviceDirectory directory;
    private final Supplier<ConsoleHealth> health;
    private final DeviceAdopter adopter;
    private final Executor ui;
    private final ObservableList<DeviceTileViewModel> tiles = FXCollections.observableArrayList();
    private final FilteredList<DeviceTileViewModel> filteredTiles = new FilteredList<>(tiles);
    /** Filtered, then in the table's sort order, or by id when it has none: the order of grid and table alike. */
    private final SortedList<DeviceTileViewModel> visibleTiles = new SortedList<>(filteredTiles);
    private Comparator<DeviceTileViewModel> sortOrder;
    private final Map<DeviceId, DeviceTileViewModel> byId = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final TileSelection selection = new TileSelection(tiles, visibleTiles);
    private final RolloutMarks rolloutMarks;
    private final ReadOnlyStringWrapper fleetSummary = new ReadOnlyStringWrapper("no devices yet");
    private final ReadOnlyStringWrapper brokerText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper historyText = new ReadOnlyStringWrapper("");
    private final BooleanProperty brokerOk = new SimpleBooleanProperty(true);
    private final BooleanProperty historyOk = new SimpleBooleanProperty(true);
    private final BooleanProperty tableShown = new SimpleBooleanProperty(false);
    private long seenRevision = -1;
    private long lastTickMs;
    private int tickCursor = -1;

    /**
     * @param adopter pins device keys in the background
     * @param ui       runs completions on the FX thread
     * @param rollouts the jobs whose phases the tiles show
     */
    public FleetViewModel(DeviceDirectory directory, Supplier<ConsoleHealth> health, DeviceAdopter adopter,
                          Executor ui, Rollouts rollouts) {
        this.directory = directory;
        this.health = health;
        this.adopter = adopter;
        this.ui = ui;
        this.rolloutMarks = new RolloutMarks(rollouts, this::tile);
        filter.addListener((obs, old, text) -> {
            filteredTiles.setPredicate(tile -> matches(tile, text));
            selection.dropHidden();
        });
    }

    /** Applies every change since the last call. FX thread only. */
    public void refresh(long nowMs) {
        long revision = directory.revision();
        if (revision != seenRevision) {
            List<DeviceSnapshot> changed = directory.changedSince(seenRevision);
            boolean added = false;
            for (DeviceSnapshot snapshot : changed) {
                DeviceTileViewModel tile = byId.get(snapshot.id());
                if (snapshot.removed()) {
                    if (tile != null) {
                        byId.remove(snapshot.id());
                        tiles.remove(tile);
                        selection.removed(tile);
                    }
                } else if (tile == null) {
                    tile = new DeviceTileViewModel(snapshot, nowMs);
                    rolloutMarks.dress(tile);
                    byId.put(snapshot.id(), tile);
                    tiles.add(tile);
                    added = true;
                } else {
                    tile.update(snapshot, nowMs);
                }
            }
            if (added) {
                FXCollections.sort(tiles, Comparator.comparing(DeviceTileViewModel::id));
            }
            seenRevision = revision;
            FleetTotals totals = directory.totals();
            fleetSummary.set(summary(totals));
        }
        rolloutMarks.refresh(tiles);
        selection.countAdoptable();
        tickSlice(nowMs);
        if (nowMs - lastTickMs >= 1000) {
            lastTickMs = nowMs;
            resort();
            ConsoleHealth now = health.get();
            brokerText.set(now.broker());
            brokerOk.set(now.brokerOk());
            historyText.set(now.history());
            historyOk.set(now.historyOk());
        }
    }

    /**
     * Refreshes the texts that change with the clock alone ("online · 5 s ago") on a tenth of the tiles per call:
     * every tile once a second at the view's ten refreshes a second, and with a thousand devices no single pulse pays
     * for all of them.
     */
    private void tickSlice(long nowMs) {
        int count = tiles.size();
        if (count == 0) {
            return;
        }
        int slice = (count + TICK_SLICES - 1) / TICK_SLICES;
        for (int i = 0; i < slice; i++) {
            tickCursor = (tickCursor + 1) % count;
            tiles.get(tickCursor).tick(nowMs);
        }
    }

    /**
     * Orders the tiles shown, in the grid and in the table, by {@code order}; null orders them by device id again.
     * Values change all the time, so the order is re-applied once a second rather than on every reading.
     */
    public void sortBy(Comparator<DeviceTileViewModel> order) {
        sortOrder = order;
        visibleTiles.setComparator(order);
    }

    private void resort() {
        Comparator<DeviceTileViewModel> order = sortOrder;
        if (order != null) {
            // A new comparator instance: SortedList sorts again only when its comparator changes.
            visibleTiles.setComparator(order::compare);
        }
    }

    @Override
    public void mark(Map<DeviceId, TileMark> next) {
        rolloutMarks.mark(next);
    }

    @Override
    public void unmark(Collection<DeviceId> devices) {
        rolloutMarks.unmark(devices);
    }

    @Override
    public void unmarkAll() {
        rolloutMarks.unmarkAll();
    }

    /** Makes {@code tile} the only selected tile and the lead (a plain click). */
    public void select(DeviceTileViewModel tile) {
        selection.select(tile);
    }

    /** Adds or removes {@code tile} (Ctrl/Cmd-click). */
    public void toggle(DeviceTileViewModel tile) {
        selection.toggle(tile);
    }

    /** Selects the visible tiles from the last clicked one to {@code tile} (Shift-click). */
    public void selectRange(DeviceTileViewModel tile) {
        selection.selectRange(tile);
    }

    /** Selects every visible tile (Ctrl+A). */
    public void selectAll() {
        selection.selectAll();
    }

    /** Selects exactly {@code members} (the table's own selection) with {@code lead} as the lead. */
    public void selectExactly(List<DeviceTileViewModel> members, DeviceTileViewModel lead) {
        selection.selectExactly(members, lead);
    }

    /** Selects exactly {@code members} of a group from {@link #selectionGroups()}. */
    public void selectGroup(SelectionGroup group) {
        selection.selectGroup(group);
    }

    /**
     * Selects the tiles of {@code devices} (a saved group's members) across the whole fleet: the filter is cleared
     * first, so no member stays unselected because it was hidden.
     */
    public void selectDevices(Collection<DeviceId> devices) {
        filter.set("");
        selection.selectGroup(new SelectionGroup("", devices.stream().map(byId::get).filter(Objects::nonNull)
                .toList()));
    }

    /** Deselects everything and closes the detail pane (Esc). */
    public void clearSelection() {
        selection.clear();
    }

    /** Adopts every selected device that can be adopted: a bench of new boards in one click. */
    public void adoptSelection() {
        selection().stream().filter(tile -> tile.adoptableProperty().get()).forEach(this::adopt);
    }

    /** How many selected devices are waiting to be adopted. */
    public ReadOnlyIntegerProperty adoptableSelectedProperty() {
        return selection.adoptableProperty();
    }

    /**
     * The devices a drop on {@code tile} installs on: the whole selection when the tile is part of it, in the order
     * shown, else the tile alone.
     */
    public List<DeviceTileViewModel> dropTargets(DeviceTileViewModel tile) {
        return selection.dropTargets(tile);
    }

    /** Ready-made selections over the visible tiles: online ones, and one per board model and per firmware. */
    public List<SelectionGroup> selectionGroups() {
        return selection.groups();
    }

    private static String summary(FleetTotals totals) {
        String text = String.format(Locale.ROOT, "%d device%s · %d online · %,d readings", totals.devices(),
                totals.devices() == 1 ? "" : "s", totals.online(), totals.readings());
        if (totals.rejected() > 0) {
            text += String.format(Locale.ROOT, " · %,d rejected", totals.rejected());
        }
        if (totals.refusedAnnouncements() > 0) {
            text += String.format(Locale.ROOT, " · %,d mDNS announcements refused (last: %s)",
                    totals.refusedAnnouncements(), totals.lastRefusedAnnouncement().orElse(""));
        }
        return text;
    }

    private static boolean matches(DeviceTileViewModel tile, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        DeviceSnapshot snapshot = tile.snapshot();
        return snapshot.id().value().toLowerCase(Locale.ROOT).contains(needle)
                || snapshot.displayName().toLowerCase(Locale.ROOT).contains(needle)
                || snapshot.info().map(i -> i.model().toLowerCase(Locale.ROOT).contains(needle)
                || i.firmwareVersion().toLowerCase(Locale.ROOT).contains(needle)).orElse(false)
                || snapshot.presence().name().toLowerCase(Locale.ROOT).equals(needle);
    }

    /** Installs the console key on the device and pins the key it announces; the tile says how it went. */
    public void adopt(DeviceTileViewModel tile) {
        adopt(tile, Optional.empty());
    }

    /** Adopts {@code tile}'s device with the pairing code the operator typed (none: its image carries our key). */
    public void adopt(DeviceTileViewModel tile, Optional<PairingCode> code) {
        tile.setNotice("adopting…");
        // Success needs no notice: the trust line turns to "adopted · key …". A failure stays until the next try.
        adopter.adopt(tile.id(), code).whenCompleteAsync((key, failure) -> tile.setNotice(failure == null
                ? "" : Failures.message(failure)), ui);
    }

    /** Sets every tile's group column from {@code names} (device to its groups); empty for devices in none. */
    public void applyGroups(Map<DeviceId, String> names) {
        for (DeviceTileViewModel tile : tiles) {
            String now = names.getOrDefault(tile.id(), "");
            if (!now.equals(tile.groupProperty().get())) {
                tile.groupProperty().set(now);
            }
        }
    }

    public Optional<DeviceTileViewModel> tile(DeviceId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Every tile the filter lets through (not only those on screen), in the order shown: the table's sort order, or
     * by device id.
     */
    public ObservableList<DeviceTileViewModel> visibleTiles() {
        return visibleTiles;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** The lead of the selection: the tile last clicked, whose charts the detail pane shows. */
    public ReadOnlyObjectProperty<DeviceTileViewModel> selectedProperty() {
        return selection.leadProperty();
    }

    /** The selected tiles, in the order shown. */
    public List<DeviceTileViewModel> selection() {
        return selection.inOrderShown();
    }

    /** Moves on every change of the selection, so a second view of it (the table) can follow. */
    public ReadOnlyLongProperty selectionRevisionProperty() {
        return selection.revisionProperty();
    }

    /** Whether the fleet is shown as a table rather than as tiles. */
    public BooleanProperty tableShownProperty() {
        return tableShown;
    }

    public ReadOnlyIntegerProperty selectionCountProperty() {
        return selection.countProperty();
    }

    /** "3 devices selected", empty when none. */
    public ReadOnlyStringProperty selectionTextProperty() {
        return selection.textProperty();
    }

    public ReadOnlyStringProperty fleetSummaryProperty() {
        return fleetSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty brokerTextProperty() {
        return brokerText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty historyTextProperty() {
        return historyText.getReadOnlyProperty();
    }

    public BooleanProperty brokerOkProperty() {
        return brokerOk;
    }

    public BooleanProperty historyOkProperty() {
        return historyOk;
    }
}
