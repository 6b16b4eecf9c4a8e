package io.fleetdeck.console.groups;

/** No saved group has the name asked for. */
public final class GroupNotFoundException extends RuntimeException {
    private final String group;

    public GroupNotFoundException(String group) {
        super("no saved group \"" + group + "\"");
        this.group = group;
    }

    public String group() {
        return group;
    }
}
