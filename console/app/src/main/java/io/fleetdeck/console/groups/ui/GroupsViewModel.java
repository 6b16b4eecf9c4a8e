package io.fleetdeck.console.groups.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.fleet.DeviceDirectory;
import io.fleetdeck.console.groups.DeviceGroup;
import io.fleetdeck.console.groups.FleetGroups;
import io.fleetdeck.console.groups.GroupFilter;
import io.fleetdeck.console.groups.TagText;
import io.fleetdeck.model.DeviceId;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Saved groups for the Groups dialog and the Fleet menu: edit a filter (tags, model prefix, firmware), see how many
 * devices it holds now, save or delete it, and select a group's devices in the fleet view. Storage runs on
 * {@code background}; results come back through {@code ui}.
 */
public final class GroupsViewModel {
    private final FleetGroups groups;
    private final DeviceDirectory directory;
    private final Executor background;
    private final Executor ui;
    private final Consumer<List<DeviceId>> selector;
    private final ObservableList<DeviceGroup> saved = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty tags = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty firmware = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper matches = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** Only the newest count is shown: answers to older edits may arrive later. */
    private long countRequest;

    /**
     * @param selector selects the given devices in the fleet view; called on the FX thread
     */
    public GroupsViewModel(FleetGroups groups, DeviceDirectory directory, Executor background, Executor ui,
                           Consumer<List<DeviceId>> selector) {
        this.groups = groups;
        this.directory = directory;
        this.background = background;
        this.ui = ui;
        this.selector = selector;
        for (StringProperty field : List.of(tags, model, firmware)) {
            field.addListener((obs, old, now) -> countMatches());
        }
    }

    /** Reads the saved groups again. */
    public CompletableFuture<Void> reload() {
        return CompletableFuture.supplyAsync(groups::groups, background)
                .thenAcceptAsync(saved::setAll, ui)
                .exceptionallyAsync(this::failed, ui);
    }

    /** Fills the fields from {@code group}, to change or copy it. */
    public void edit(DeviceGroup group) {
        name.set(group.name());
        tags.set(String.join(", ", group.filter().tags()));
        model.set(group.filter().model().orElse(""));
        firmware.set(group.filter().firmware().orElse(""));
    }

    /** Saves the group the fields describe (replacing one of the same name). */
    public void save() {
        DeviceGroup group;
        try {
            group = new DeviceGroup(name.get().strip(), filter());
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        CompletableFuture.runAsync(() -> groups.saveGroup(group), background)
                .thenRunAsync(() -> message.set("Saved group " + group.name() + ": " + group.filter().describe()), ui)
                .thenCompose(done -> reload())
                .exceptionallyAsync(this::failed, ui);
    }

    /** Deletes {@code group}; its devices keep their tags. */
    public void delete(DeviceGroup group) {
        CompletableFuture.runAsync(() -> groups.deleteGroup(group.name()), background)
                .thenRunAsync(() -> message.set("Deleted group " + group.name()), ui)
                .thenCompose(done -> reload())
                .exceptionallyAsync(this::failed, ui);
    }

    /** Selects every device of {@code group} in the fleet view, including those the filter hides. */
    public CompletableFuture<Void> select(DeviceGroup group) {
        return CompletableFuture.supplyAsync(() -> groups.members(group, directory.devices()), background)
                .thenAcceptAsync(members -> {
                    selector.accept(members);
                    message.set("Selected " + members.size() + " device" + (members.size() == 1 ? "" : "s")
                            + " of group " + group.name());
                }, ui)
                .exceptionallyAsync(this::failed, ui);
    }

    private GroupFilter filter() {
        return new GroupFilter(TagText.parse(tags.get()), Optional.of(model.get()), Optional.of(firmware.get()));
    }

    private void countMatches() {
        long request = ++countRequest;
        GroupFilter filter;
        try {
            filter = filter();
        } catch (IllegalArgumentException e) {
            matches.set(e.getMessage());
            return;
        }
        DeviceGroup probe = new DeviceGroup("probe", filter);
        CompletableFuture.supplyAsync(() -> groups.members(probe, directory.devices()).size(), background)
                .thenAcceptAsync(count -> {
                    if (request == countRequest) {
                        matches.set(count + " device" + (count == 1 ? "" : "s") + " match " + filter.describe());
                    }
                }, ui)
                .exceptionallyAsync(this::failed, ui);
    }

    private Void failed(Throwable failure) {
        message.set(Failures.message(failure));
        return null;
    }

    public ObservableList<DeviceGroup> saved() {
        return saved;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty tagsProperty() {
        return tags;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty firmwareProperty() {
        return firmware;
    }

    /** How many devices the filter in the fields holds now. */
    public ReadOnlyStringProperty matchesProperty() {
        return matches.getReadOnlyProperty();
    }

    /** What the last action did, or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
