package io.fleetdeck.console.groups;

import io.fleetdeck.console.fleet.DeviceDirectory;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.model.DeviceId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A staged rollout's targets drawn from a saved group: the devices it started with, plus whoever is in the group
 * each time the rollout asks, so a device that gains the group's tag (or announces itself) while the rollout runs
 * is taken into a later stage. Reads fleet.db: call it off the FX thread, as the staged rollouts do.
 */
public final class GroupTargets implements RolloutTargets {
    private final FleetGroups groups;
    private final DeviceDirectory devices;
    private final String group;
    private final List<DeviceId> initial;

    public GroupTargets(FleetGroups groups, DeviceDirectory devices, String group, List<DeviceId> initial) {
        this.groups = groups;
        this.devices = devices;
        this.group = group;
        this.initial = List.copyOf(initial);
    }

    @Override
    public List<DeviceId> current() {
        Set<DeviceId> all = new LinkedHashSet<>(initial);
        if (groups.group(group).isPresent()) {
            all.addAll(groups.members(group, devices.devices()));
        }
        return new ArrayList<>(all);
    }

    @Override
    public String describe() {
        return "group " + group;
    }
}
