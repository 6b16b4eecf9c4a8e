package io.fleetdeck.model;

import java.util.Optional;

/**
 * Topic names and filters of protocol version 1. All device traffic lives under
 * {@code fleetdeck/v1/<deviceId>/<kind>}; consoles take responses under {@code fleetdeck/v1/_console/<consoleId>/}.
 */
public final class Topics {
    public static final String ROOT = "fleetdeck/v1/";
    /** Everything a console needs to follow the fleet, as one subscription per kind. */
    public static final String ALL_INFO = ROOT + "+/info";
    public static final String ALL_STATUS = ROOT + "+/status";
    public static final String ALL_TELEMETRY = ROOT + "+/telemetry";
    public static final String ALL_EVENTS = ROOT + "+/events";
    public static final String ALL_INSTALLS = ROOT + "+/install";
    public static final String ALL_GPIO = ROOT + "+/gpio";
    /** Reserved segment: never a valid device id (ids start with a letter or digit). */
    public static final String CONSOLE_SEGMENT = "_console";

    private Topics() {
    }

    public static String deviceRoot(DeviceId device) {
        return ROOT + device.value() + "/";
    }

    public static String info(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.INFO).topic();
    }

    public static String status(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.STATUS).topic();
    }

    public static String telemetry(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.TELEMETRY).topic();
    }

    public static String events(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.EVENTS).topic();
    }

    public static String install(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.INSTALL).topic();
    }

    public static String gpio(DeviceId device) {
        return DeviceTopic.of(device, TopicKind.GPIO).topic();
    }

    public static String command(DeviceId device, String name) {
        return DeviceTopic.command(device, name).topic();
    }

    /** The filter a device subscribes to for its own commands. */
    public static String commandFilter(DeviceId device) {
        return deviceRoot(device) + TopicKind.COMMAND.segment() + "/+";
    }

    /** Where a console with this id expects command responses. */
    public static String consoleResponses(String consoleId) {
        Identifiers.requireDeviceId(consoleId);
        return ROOT + CONSOLE_SEGMENT + "/" + consoleId + "/responses";
    }

    /** True when a device may publish a command response there: only console response topics are allowed. */
    public static boolean isConsoleResponseTopic(String topic) {
        if (topic == null || !topic.startsWith(ROOT + CONSOLE_SEGMENT + "/")) {
            return false;
        }
        String[] parts = topic.substring(ROOT.length()).split("/", -1);
        return parts.length == 3 && Identifiers.DEVICE_ID.matcher(parts[1]).matches() && parts[2].equals("responses");
    }

    /**
     * Parses a device topic. Empty for topics outside the protocol (other roots, console topics, unknown kinds);
     * throws {@link InvalidIdentifierException} when the shape is ours but the device id or command is not valid,
     * so a hostile id is reported rather than silently ignored.
     */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        String[] parts = topic.substring(ROOT.length()).split("/", -1);
        if (parts.length < 2 || parts[0].equals(CONSOLE_SEGMENT)) {
            return Optional.empty();
        }
        TopicKind kind = kindOf(parts[1]);
        if (kind == null) {
            return Optional.empty();
        }
        DeviceId device = new DeviceId(parts[0]);
        if (kind == TopicKind.COMMAND) {
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(DeviceTopic.command(device, parts[2]));
        }
        return parts.length == 2 ? Optional.of(DeviceTopic.of(device, kind)) : Optional.empty();
    }

    private static TopicKind kindOf(String segment) {
        for (TopicKind kind : TopicKind.values()) {
            if (kind.segment().equals(segment)) {
                return kind;
            }
        }
        return null;
    }
}
