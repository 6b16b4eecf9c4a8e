package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.DeviceAdopter;
import io.fleetdeck.console.fleet.DeviceDirectory;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetTotals;
import io.fleetdeck.console.fleet.PresenceState;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.ui.PreflightMarks;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceId;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The fleet overview: one {@link DeviceTileViewModel} per device, the selection and the status bar. Pulled, not
 * pushed: the view calls {@link #refresh(long)} from its pulse timer, and only devices that changed since the last
 * call are touched, so a thousand messages a second cost the FX thread one cheap look per pulse. Rollout jobs are
 * pulled the same way, by the rollout service's revision.
 *
 * <p>The selection is a set of tiles (what a dropped image is installed on) with a lead: the tile last clicked,
 * whose charts the detail pane shows.
 */
public final class FleetViewModel implements PreflightMarks {
    private final DeviceDirectory directory;
    private final Supplier<ConsoleHealth> health;
    private final DeviceAdopter adopter;
    private final Executor ui;
    private final Rollouts rollouts;
    private final ObservableList<DeviceTileViewModel> tiles = FXCollections.observableArrayList();
    private final FilteredList<DeviceTileViewModel> visibleTiles = new FilteredList<>(tiles);
    private final Map<DeviceId, DeviceTileViewModel> byId = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<DeviceTileViewModel> selected = new ReadOnlyObjectWrapper<>();
    private final Set<DeviceTileViewModel> selection = new LinkedHashSet<>();
    private final ReadOnlyIntegerWrapper selectionCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper selectionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper adoptableSelected = new ReadOnlyIntegerWrapper();
    private DeviceTileViewModel anchor;
    private final Map<DeviceId, Mark> marks = new HashMap<>();
    private Map<DeviceId, RolloutJob> latestJobs = Map.of();
    private long seenJobRevision = Long.MIN_VALUE;
    private final ReadOnlyStringWrapper fleetSummary = new ReadOnlyStringWrapper("no devices yet");
    private final ReadOnlyStringWrapper brokerText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper historyText = new ReadOnlyStringWrapper("");
    private final BooleanProperty brokerOk = new SimpleBooleanProperty(true);
    private final BooleanProperty historyOk = new SimpleBooleanProperty(true);
    private long seenRevision = -1;
    private long lastTickMs;

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
        this.rollouts = rollouts;
        filter.addListener((obs, old, text) -> {
            visibleTiles.setPredicate(tile -> matches(tile, text));
            // A drop must never reach a device the operator cannot see.
            List<DeviceTileViewModel> hidden = selection.stream().filter(t -> !visibleTiles.contains(t)).toList();
            if (!hidden.isEmpty()) {
                hidden.forEach(selection::remove);
                selectionChanged(selected.get() != null && hidden.contains(selected.get()) ? null : selected.get());
            }
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
                        if (selection.remove(tile) || selected.get() == tile) {
                            selectionChanged(selected.get() == tile ? null : selected.get());
                        }
                    }
                } else if (tile == null) {
                    tile = new DeviceTileViewModel(snapshot, nowMs);
                    tile.setMark(Optional.ofNullable(marks.get(snapshot.id())).map(Mark::mark));
                    tile.setJob(Optional.ofNullable(latestJobs.get(snapshot.id())));
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
        refreshJobs();
        countAdoptableSelected();
        if (nowMs - lastTickMs >= 1000) {
            lastTickMs = nowMs;
            for (DeviceTileViewModel tile : tiles) {
                tile.tick(nowMs);
            }
            ConsoleHealth now = health.get();
            brokerText.set(now.broker());
            brokerOk.set(now.brokerOk());
            historyText.set(now.history());
            historyOk.set(now.historyOk());
        }
    }

    private void refreshJobs() {
        long revision = rollouts.revision();
        if (revision == seenJobRevision) {
            return;
        }
        seenJobRevision = revision;
        Map<DeviceId, RolloutJob> newest = new HashMap<>();
        for (RolloutJob job : rollouts.jobs()) {
            // jobs() is newest first; keep the first of each device, or the newest if an implementation disagrees.
            newest.merge(job.device(), job, (a, b) -> b.createdMs() > a.createdMs() ? b : a);
        }
        latestJobs = newest;
        marks.entrySet().removeIf(entry -> {
            boolean superseded = !entry.getValue().jobBefore().equals(
                    Optional.ofNullable(newest.get(entry.getKey())).map(RolloutJob::id));
            if (superseded) {
                tile(entry.getKey()).ifPresent(tile -> tile.setMark(Optional.empty()));
            }
            return superseded;
        });
        for (DeviceTileViewModel tile : tiles) {
            tile.setJob(Optional.ofNullable(newest.get(tile.id())));
        }
    }

    @Override
    public void mark(Map<DeviceId, TileMark> next) {
        next.forEach((device, mark) -> {
            // The device's newest job now: a later one supersedes this mark.
            Optional<String> jobBefore = Optional.ofNullable(latestJobs.get(device)).map(RolloutJob::id)
                    .or(() -> rollouts.latestJob(device).map(RolloutJob::id));
            marks.put(device, new Mark(mark, jobBefore));
            tile(device).ifPresent(tile -> tile.setMark(Optional.of(mark)));
        });
    }

    @Override
    public void unmark(Collection<DeviceId> devices) {
        for (DeviceId device : devices) {
            if (marks.remove(device) != null) {
                tile(device).ifPresent(tile -> tile.setMark(Optional.empty()));
            }
        }
    }

    @Override
    public void unmarkAll() {
        unmark(List.copyOf(marks.keySet()));
    }

    /** A pre-flight mark and the device's newest job when it was made. */
    private record Mark(TileMark mark, Optional<String> jobBefore) {
    }

    /** Makes {@code tile} the only selected tile and the lead (a plain click). */
    public void select(DeviceTileViewModel tile) {
        selection.clear();
        selection.add(tile);
        anchor = tile;
        selectionChanged(tile);
    }

    /** Adds or removes {@code tile} (Ctrl/Cmd-click). */
    public void toggle(DeviceTileViewModel tile) {
        anchor = tile;
        if (selection.remove(tile)) {
            DeviceTileViewModel lead = selected.get() == tile
                    ? selection.stream().reduce((first, second) -> second).orElse(null) : selected.get();
            selectionChanged(lead);
        } else {
            selection.add(tile);
            selectionChanged(tile);
        }
    }

    /** Selects the visible tiles from the last clicked one to {@code tile} (Shift-click). */
    public void selectRange(DeviceTileViewModel tile) {
        int from = anchor == null ? -1 : visibleTiles.indexOf(anchor);
        int to = visibleTiles.indexOf(tile);
        if (from < 0 || to < 0) {
            select(tile);
            return;
        }
        selection.clear();
        selection.addAll(visibleTiles.subList(Math.min(from, to), Math.max(from, to) + 1));
        selectionChanged(tile);
    }

    /** Selects every visible tile (Ctrl+A). */
    public void selectAll() {
        selectOnly(visibleTiles);
    }

    /** Selects exactly {@code members} of a group from {@link #selectionGroups()}. */
    public void selectGroup(SelectionGroup group) {
        selectOnly(group.members().stream().filter(visibleTiles::contains).toList());
    }

    private void selectOnly(List<DeviceTileViewModel> members) {
        selection.clear();
        selection.addAll(members);
        DeviceTileViewModel lead = selection.contains(selected.get()) ? selected.get() : null;
        anchor = lead != null ? lead : members.isEmpty() ? null : members.getFirst();
        selectionChanged(lead);
    }

    /** Deselects everything and closes the detail pane (Esc). */
    public void clearSelection() {
        selection.clear();
        anchor = null;
        selectionChanged(null);
    }

    private void selectionChanged(DeviceTileViewModel lead) {
        for (DeviceTileViewModel tile : tiles) {
            tile.selectedProperty().set(selection.contains(tile));
        }
        selected.set(lead);
        selectionCount.set(selection.size());
        selectionText.set(selection.isEmpty() ? "" : selection.size() == 1 ? "1 device selected"
                : selection.size() + " devices selected");
        countAdoptableSelected();
    }

    private void countAdoptableSelected() {
        adoptableSelected.set((int) selection.stream().filter(tile -> tile.adoptableProperty().get()).count());
    }

    /** Adopts every selected device that can be adopted: a bench of new boards in one click. */
    public void adoptSelection() {
        selection().stream().filter(tile -> tile.adoptableProperty().get()).forEach(this::adopt);
    }

    /** How many selected devices are waiting to be adopted. */
    public ReadOnlyIntegerProperty adoptableSelectedProperty() {
        return adoptableSelected.getReadOnlyProperty();
    }

    /**
     * The devices a drop on {@code tile} installs on: the whole selection when the tile is part of it, in the order
     * shown, else the tile alone.
     */
    public List<DeviceTileViewModel> dropTargets(DeviceTileViewModel tile) {
        if (!selection.contains(tile)) {
            return List.of(tile);
        }
        return visibleTiles.stream().filter(selection::contains).toList();
    }

    /** Ready-made selections over the visible tiles: online ones, and one per board model and per firmware. */
    public List<SelectionGroup> selectionGroups() {
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
        tile.setNotice("adopting…");
        // Success needs no notice: the trust line turns to "adopted · key …". A failure stays until the next try.
        adopter.adopt(tile.id()).whenCompleteAsync((key, failure) -> tile.setNotice(failure == null
                ? "" : rootMessage(failure)), ui);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    public Optional<DeviceTileViewModel> tile(DeviceId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Tiles after the filter, ordered by device id. */
    public ObservableList<DeviceTileViewModel> visibleTiles() {
        return visibleTiles;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** The lead of the selection: the tile last clicked, whose charts the detail pane shows. */
    public ReadOnlyObjectProperty<DeviceTileViewModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected tiles, in the order shown. */
    public List<DeviceTileViewModel> selection() {
        return visibleTiles.stream().filter(selection::contains).toList();
    }

    public ReadOnlyIntegerProperty selectionCountProperty() {
        return selectionCount.getReadOnlyProperty();
    }

    /** "3 devices selected", empty when none. */
    public ReadOnlyStringProperty selectionTextProperty() {
        return selectionText.getReadOnlyProperty();
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
