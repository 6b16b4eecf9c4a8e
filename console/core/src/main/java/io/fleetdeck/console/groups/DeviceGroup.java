package io.fleetdeck.console.groups;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A saved group: a name and the filter that says which devices are in it, evaluated whenever the group is used, so a
 * device that gains the tag or the firmware later is in it then.
 *
 * @param name   1-64 of letters, digits, space, {@code _ . : -}, starting with a letter or digit
 * @param filter which devices it holds
 */
public record DeviceGroup(String name, GroupFilter filter) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}");

    public DeviceGroup {
        Objects.requireNonNull(filter, "filter");
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(" ")) {
            throw new IllegalArgumentException("a group name is 1-64 of letters, digits, space and _ . : -,"
                    + " starting with a letter or digit, not " + (name == null ? "nothing" : "\"" + name + "\""));
        }
    }
}
