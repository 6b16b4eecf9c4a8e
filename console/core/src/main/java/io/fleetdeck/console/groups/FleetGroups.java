package io.fleetdeck.console.groups;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.model.DeviceId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Tags on devices and saved groups. A device's tags are the defaults it announces in its {@code info} (from its
 * config) with the operator's changes applied; a group is a saved {@link GroupFilter}, evaluated over every known
 * device when it is used. Changes are kept in {@code fleet.db} and recorded in the audit log. Blocking (SQLite): call
 * it off the FX thread.
 */
public interface FleetGroups {
    /** The tags of {@code device}: its announced defaults with the operator's changes. */
    SortedSet<String> tags(DeviceSnapshot device);

    /** The operator's changes to {@code device}'s defaults (none when never changed). */
    TagOverrides overrides(DeviceId device);

    /** The operator's changes of every device whose tags were ever changed. */
    Map<DeviceId, TagOverrides> allOverrides();

    /**
     * Gives {@code device} exactly the tags {@code wanted}, whatever its defaults ({@code defaults}) are.
     *
     * @return the device's tags afterwards
     */
    SortedSet<String> setTags(DeviceId device, Collection<String> defaults, Collection<String> wanted);

    /** Adds {@code tag} to {@code device} (whatever its defaults); returns its stored changes afterwards. */
    TagOverrides addTag(DeviceId device, String tag);

    /** Removes {@code tag} from {@code device}, also when it is one of its defaults; returns its stored changes. */
    TagOverrides removeTag(DeviceId device, String tag);

    /** Every saved group, by name. */
    List<DeviceGroup> groups();

    Optional<DeviceGroup> group(String name);

    /** Saves {@code group}, replacing one of the same name. */
    void saveGroup(DeviceGroup group);

    /** @throws GroupNotFoundException when there is no group of that name */
    void deleteGroup(String name);

    /** The devices among {@code devices} that {@code group} holds, in the order given. */
    List<DeviceId> members(DeviceGroup group, Collection<DeviceSnapshot> devices);

    /**
     * As {@link #members(DeviceGroup, Collection)} for the saved group {@code name}.
     *
     * @throws GroupNotFoundException when there is no group of that name
     */
    default List<DeviceId> members(String name, Collection<DeviceSnapshot> devices) {
        return members(group(name).orElseThrow(() -> new GroupNotFoundException(name)), devices);
    }
}
