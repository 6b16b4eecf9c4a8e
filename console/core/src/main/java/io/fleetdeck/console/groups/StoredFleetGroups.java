package io.fleetdeck.console.groups;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** The {@link FleetGroups} kept in {@code fleet.db}; every change goes to the audit log. */
public final class StoredFleetGroups implements FleetGroups {
    private final SqliteTagStore tags;
    private final SqliteGroupStore groups;
    private final AuditLog audit;

    public StoredFleetGroups(FleetDatabase database, AuditLog audit, Clock clock) {
        this.tags = new SqliteTagStore(database);
        this.groups = new SqliteGroupStore(database, clock);
        this.audit = audit;
    }

    @Override
    public SortedSet<String> tags(DeviceSnapshot device) {
        return tags.of(device.id()).applyTo(defaults(device));
    }

    @Override
    public TagOverrides overrides(DeviceId device) {
        return tags.of(device);
    }

    @Override
    public Map<DeviceId, TagOverrides> allOverrides() {
        return tags.all();
    }

    @Override
    public SortedSet<String> setTags(DeviceId device, Collection<String> defaults, Collection<String> wanted) {
        TreeSet<String> checked = new TreeSet<>();
        wanted.forEach(tag -> checked.add(TagText.tag(tag)));
        TagOverrides before = tags.of(device);
        SortedSet<String> was = before.applyTo(defaults);
        TagOverrides after = TagOverrides.between(defaults, checked);
        changeTags(device, before, after, "[" + TagText.format(was) + "] → [" + TagText.format(checked) + "]");
        return after.applyTo(defaults);
    }

    @Override
    public TagOverrides addTag(DeviceId device, String tag) {
        String checked = TagText.tag(tag);
        TagOverrides before = tags.of(device);
        TagOverrides after = before.adding(checked);
        changeTags(device, before, after, "added " + checked);
        return after;
    }

    @Override
    public TagOverrides removeTag(DeviceId device, String tag) {
        String checked = TagText.tag(tag);
        TagOverrides before = tags.of(device);
        TagOverrides after = before.removing(checked);
        changeTags(device, before, after, "removed " + checked);
        return after;
    }

    private void changeTags(DeviceId device, TagOverrides before, TagOverrides after, String what) {
        try {
            tags.replace(device, after);
        } catch (RuntimeException e) {
            audit.failed(AuditAction.TAG_CHANGE, device.value(), what + ": " + e.getMessage());
            throw e;
        }
        audit.succeeded(AuditAction.TAG_CHANGE, device.value(), what
                + (before.equals(after) ? " (no change)" : ""));
    }

    @Override
    public List<DeviceGroup> groups() {
        return groups.all();
    }

    @Override
    public Optional<DeviceGroup> group(String name) {
        return groups.get(name);
    }

    @Override
    public void saveGroup(DeviceGroup group) {
        Optional<DeviceGroup> before;
        try {
            before = groups.save(group);
        } catch (RuntimeException e) {
            audit.failed(AuditAction.GROUP_SAVE, group.name(), group.filter().describe() + ": " + e.getMessage());
            throw e;
        }
        audit.succeeded(AuditAction.GROUP_SAVE, group.name(), before
                .map(old -> old.filter().describe() + " → " + group.filter().describe())
                .orElse("new: " + group.filter().describe()));
    }

    @Override
    public void deleteGroup(String name) {
        Optional<DeviceGroup> before = groups.get(name);
        if (before.isEmpty() || !groups.delete(name)) {
            audit.failed(AuditAction.GROUP_DELETE, name, "no such group");
            throw new GroupNotFoundException(name);
        }
        audit.succeeded(AuditAction.GROUP_DELETE, name, "was: " + before.get().filter().describe());
    }

    @Override
    public List<DeviceId> members(DeviceGroup group, Collection<DeviceSnapshot> devices) {
        Map<DeviceId, TagOverrides> changed = tags.all();
        List<DeviceId> members = new ArrayList<>();
        for (DeviceSnapshot device : devices) {
            SortedSet<String> deviceTags = changed.getOrDefault(device.id(), TagOverrides.NONE)
                    .applyTo(defaults(device));
            if (!device.removed() && group.filter().matches(deviceTags, device.info())) {
                members.add(device.id());
            }
        }
        return members;
    }

    private static List<String> defaults(DeviceSnapshot device) {
        return device.info().map(DeviceInfo::tags).orElse(List.of());
    }
}
