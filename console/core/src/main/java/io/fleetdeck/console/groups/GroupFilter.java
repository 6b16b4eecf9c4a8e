package io.fleetdeck.console.groups;

import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Identifiers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which devices a group holds: those with every one of {@code tags}, whose model starts with {@code model} (as a
 * release's models match, so {@code Raspberry Pi 4} takes every revision) and that run exactly {@code firmware}. Parts
 * left empty match every device; a device whose {@code info} has not arrived matches only a filter of tags alone.
 *
 * @param tags     tags a member has, all of them
 * @param model    a prefix of the member's model
 * @param firmware the member's firmware version
 */
public record GroupFilter(SortedSet<String> tags, Optional<String> model, Optional<String> firmware) {
    public GroupFilter {
        TreeSet<String> checked = new TreeSet<>();
        for (String tag : tags) {
            checked.add(Identifiers.requireTag(tag));
        }
        tags = Collections.unmodifiableSortedSet(checked);
        model = Objects.requireNonNull(model, "model").map(String::strip).filter(text -> !text.isEmpty());
        firmware = Objects.requireNonNull(firmware, "firmware").map(String::strip).filter(text -> !text.isEmpty());
    }

    public static GroupFilter of(Collection<String> tags, Optional<String> model, Optional<String> firmware) {
        return new GroupFilter(new TreeSet<>(tags), model, firmware);
    }

    /** Whether a device with {@code deviceTags} and {@code info} belongs to the group. */
    public boolean matches(Collection<String> deviceTags, Optional<DeviceInfo> info) {
        if (!deviceTags.containsAll(tags)) {
            return false;
        }
        if (model.isPresent() && info.filter(i -> i.model().startsWith(model.get())).isEmpty()) {
            return false;
        }
        return firmware.isEmpty() || info.filter(i -> i.firmwareVersion().equals(firmware.get())).isPresent();
    }

    /** For people: {@code tags lab,floor-2 · model Raspberry Pi 4 · firmware 1.4.2}, or {@code every device}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!tags.isEmpty()) {
            parts.add("tags " + String.join(",", tags));
        }
        model.ifPresent(text -> parts.add("model " + text));
        firmware.ifPresent(text -> parts.add("firmware " + text));
        return parts.isEmpty() ? "every device" : String.join(" · ", parts);
    }
}
