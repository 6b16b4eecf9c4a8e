package io.fleetdeck.console.groups.ui;

import io.fleetdeck.console.fleet.DeviceDirectory;
import io.fleetdeck.console.groups.DeviceGroup;
import io.fleetdeck.console.groups.FleetGroups;
import io.fleetdeck.model.DeviceId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Which saved groups each device is in, for the tiles' and the table's group column: evaluated off the FX thread
 * (groups live in SQLite and a group is a filter over every device), handed to the UI as one map. A refresh while
 * one is running is skipped rather than queued.
 */
public final class GroupNamesViewModel {
    private final FleetGroups groups;
    private final DeviceDirectory devices;
    private final Executor background;
    private final Executor ui;
    private final Consumer<Map<DeviceId, String>> apply;
    /** FX thread only. */
    private boolean running;

    public GroupNamesViewModel(FleetGroups groups, DeviceDirectory devices, Executor background, Executor ui,
                               Consumer<Map<DeviceId, String>> apply) {
        this.groups = groups;
        this.devices = devices;
        this.background = background;
        this.ui = ui;
        this.apply = apply;
    }

    /** Re-evaluates every group; the result reaches {@code apply} on the UI executor. FX thread. */
    public void refresh() {
        if (running) {
            return;
        }
        running = true;
        background.execute(() -> {
            Map<DeviceId, String> names;
            try {
                names = names();
            } catch (RuntimeException e) {
                ui.execute(() -> running = false);
                throw e;
            }
            ui.execute(() -> {
                running = false;
                apply.accept(names);
            });
        });
    }

    /** Each device's groups, by name, joined with ", "; devices in none are absent. */
    Map<DeviceId, String> names() {
        var all = devices.devices();
        Map<DeviceId, List<String>> byDevice = new HashMap<>();
        for (DeviceGroup group : groups.groups()) {
            for (DeviceId member : groups.members(group, all)) {
                byDevice.computeIfAbsent(member, id -> new ArrayList<>()).add(group.name());
            }
        }
        Map<DeviceId, String> names = new HashMap<>();
        byDevice.forEach((device, list) -> names.put(device, String.join(", ", list)));
        return names;
    }
}
