package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceId;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The fleet overview: one {@link DeviceTileViewModel} per device, the selection and the status bar. Pulled, not
 * pushed: the view calls {@link #refresh(long)} from its pulse timer, and only devices that changed since the last
 * call are touched, so a thousand messages a second cost the FX thread one cheap look per pulse.
 */
public final class FleetViewModel {
    private final DeviceDirectory directory;
    private final Supplier<ConsoleHealth> health;
    private final DeviceAdopter adopter;
    private final Executor ui;
    private final ObservableList<DeviceTileViewModel> tiles = FXCollections.observableArrayList();
    private final FilteredList<DeviceTileViewModel> visibleTiles = new FilteredList<>(tiles);
    private final Map<DeviceId, DeviceTileViewModel> byId = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<DeviceTileViewModel> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper fleetSummary = new ReadOnlyStringWrapper("no devices yet");
    private final ReadOnlyStringWrapper brokerText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper historyText = new ReadOnlyStringWrapper("");
    private final BooleanProperty brokerOk = new SimpleBooleanProperty(true);
    private final BooleanProperty historyOk = new SimpleBooleanProperty(true);
    private long seenRevision = -1;
    private long lastTickMs;

    /**
     * @param adopter pins device keys in the background
     * @param ui      runs completions on the FX thread
     */
    public FleetViewModel(DeviceDirectory directory, Supplier<ConsoleHealth> health, DeviceAdopter adopter,
                          Executor ui) {
        this.directory = directory;
        this.health = health;
        this.adopter = adopter;
        this.ui = ui;
        filter.addListener((obs, old, text) -> visibleTiles.setPredicate(tile -> matches(tile, text)));
        selected.addListener((obs, old, now) -> {
            if (old != null) {
                old.selectedProperty().set(false);
            }
            if (now != null) {
                now.selectedProperty().set(true);
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
                        if (selected.get() == tile) {
                            selected.set(null);
                        }
                    }
                } else if (tile == null) {
                    tile = new DeviceTileViewModel(snapshot, nowMs);
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

    /** Pins the key the device announces; the tile says how it went. */
    public void adopt(DeviceTileViewModel tile) {
        tile.setNotice("adopting…");
        adopter.adopt(tile.id()).whenCompleteAsync((key, failure) -> tile.setNotice(failure == null
                ? "adopted: key " + key.shortForm() + "… pinned"
                : rootMessage(failure)), ui);
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

    public ObjectProperty<DeviceTileViewModel> selectedProperty() {
        return selected;
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
