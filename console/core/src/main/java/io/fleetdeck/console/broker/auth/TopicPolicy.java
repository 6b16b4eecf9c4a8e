package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;

import java.util.Set;

/**
 * Least privilege on the broker, by role. A device publishes only under its own {@code fleetdeck/v1/<id>/} (and its
 * answers on a console's response topic) and hears only its own commands; it can neither read another device's
 * commands with their download tokens nor speak for it. Only the console sends commands. Wildcards other than a
 * device's own {@code cmd/+} are refused to devices, so {@code #} reads nothing.
 */
public final class TopicPolicy {
    private static final Set<String> DEVICE_TOPICS = Set.of("info", "status", "telemetry", "events", "install", "gpio");
    /**
     * A device nobody adopted has no install to report: it never received one. Its pins' levels it may report (a
     * bench board shows its inputs before adoption); driving them takes an operator signature it cannot check yet.
     */
    private static final Set<String> NEW_DEVICE_TOPICS = Set.of("info", "status", "telemetry", "events", "gpio");

    private TopicPolicy() {
    }

    /** Whether a client of {@code role}, authenticated as {@code user}, may publish to {@code topic}. */
    public static boolean mayPublish(ClientRole role, String user, String topic) {
        return switch (role) {
            case CONSOLE -> topic.startsWith(Topics.ROOT) && !hasWildcard(topic);
            case DEVICE -> ownTopic(user, topic, DEVICE_TOPICS) || Topics.isConsoleResponseTopic(topic);
            case NEW_DEVICE -> ownTopic(user, topic, NEW_DEVICE_TOPICS) || Topics.isConsoleResponseTopic(topic);
        };
    }

    /** Whether a client of {@code role}, authenticated as {@code user}, may subscribe to {@code filter}. */
    public static boolean maySubscribe(ClientRole role, String user, String filter) {
        if (role == ClientRole.CONSOLE) {
            return filter.startsWith(Topics.ROOT) || filter.equals("fleetdeck/#");
        }
        // A new device hears its commands too: the console sends it only cmd/trust-key, and only consoles publish.
        DeviceId device = DeviceId.of(user);
        if (filter.equals(Topics.commandFilter(device))) {
            return true;
        }
        String prefix = Topics.deviceRoot(device) + "cmd/";
        return filter.startsWith(prefix) && !hasWildcard(filter) && filter.indexOf('/', prefix.length()) < 0
                && filter.length() > prefix.length();
    }

    private static boolean ownTopic(String user, String topic, Set<String> kinds) {
        String root = Topics.ROOT + user + "/";
        return topic.startsWith(root) && kinds.contains(topic.substring(root.length()));
    }

    private static boolean hasWildcard(String topic) {
        return topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0;
    }
}
