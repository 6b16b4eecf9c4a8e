package io.fleetdeck.console.groups.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.groups.FleetGroups;
import io.fleetdeck.console.groups.TagText;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Tags dialog for the selected devices: each device's tags (its defaults with the operator's changes), and tags to
 * add to or remove from all of them at once. Storage runs on {@code background}; results come back through
 * {@code ui}.
 */
public final class TagsViewModel {
    private final FleetGroups groups;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<String> rows = FXCollections.observableArrayList();
    private final StringProperty add = new SimpleStringProperty("");
    private final StringProperty remove = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private List<DeviceSnapshot> devices = List.of();

    public TagsViewModel(FleetGroups groups, Executor background, Executor ui) {
        this.groups = groups;
        this.background = background;
        this.ui = ui;
    }

    /** Shows {@code selected} with their tags. */
    public CompletableFuture<Void> show(List<DeviceSnapshot> selected) {
        devices = List.copyOf(selected);
        message.set(devices.isEmpty() ? "Select devices in the fleet view first." : "");
        return showTags(devices);
    }

    private CompletableFuture<Void> showTags(List<DeviceSnapshot> shown) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            for (DeviceSnapshot device : shown) {
                SortedSet<String> tags = groups.tags(device);
                lines.add(device.id().value() + ": " + (tags.isEmpty() ? "no tags" : TagText.format(tags)));
            }
            return lines;
        }, background).thenAcceptAsync(rows::setAll, ui).exceptionallyAsync(this::failed, ui);
    }

    /** Adds the tags typed in {@link #addProperty()} and removes those in {@link #removeProperty()}, on every device. */
    public CompletableFuture<Void> apply() {
        SortedSet<String> adding;
        SortedSet<String> removing;
        try {
            adding = TagText.parse(add.get());
            removing = TagText.parse(remove.get());
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        List<DeviceSnapshot> changed = devices;
        return CompletableFuture.runAsync(() -> {
            for (DeviceSnapshot device : changed) {
                adding.forEach(tag -> groups.addTag(device.id(), tag));
                removing.forEach(tag -> groups.removeTag(device.id(), tag));
            }
        }, background).thenRunAsync(() -> {
            add.set("");
            remove.set("");
            message.set("Changed the tags of " + changed.size() + " device" + (changed.size() == 1 ? "" : "s"));
        }, ui).thenCompose(done -> showTags(changed)).exceptionallyAsync(this::failed, ui);
    }

    private Void failed(Throwable failure) {
        message.set(Failures.message(failure));
        return null;
    }

    /** One line per device: {@code pi-1: canary, lab}. */
    public ObservableList<String> rows() {
        return rows;
    }

    public StringProperty addProperty() {
        return add;
    }

    public StringProperty removeProperty() {
        return remove;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
