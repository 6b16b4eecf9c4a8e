package io.fleetdeck.model;

/**
 * A device's stable identity: the topic segment under {@code fleetdeck/v1/}, the key of its history and tile.
 * Validated on construction, so holding a {@code DeviceId} means the text is safe in a topic and a file name.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {
    public DeviceId {
        Identifiers.requireDeviceId(value);
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
