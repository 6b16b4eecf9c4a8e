package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The Mosquitto {@code acl_file} that gives each role of docs/security.md its topics and nothing else: the console
 * everything under {@code fleetdeck/v1/}, a device its own report topics, its own commands and the consoles'
 * response topics.
 *
 * <p>How Mosquitto 2.0 reads it: a client is checked against the {@code topic} lines under its own {@code user}, then
 * against every {@code pattern}, which apply to every user, the console included; whatever no line grants is
 * denied. There is no {@code deny} line here, so the patterns cannot narrow the console's {@code fleetdeck/v1/#}, and
 * what they give the console ({@code %u} = {@code _console}: {@code fleetdeck/v1/_console/info} and the like) lies
 * inside it already. A device's {@code %u} is its id, which can be neither {@code _console} (ids start with a letter
 * or digit) nor contain {@code /}, {@code +} or {@code #}, so it always names exactly one topic level of its own.
 */
public final class MosquittoAcl {
    /** What a device reports, each on {@code fleetdeck/v1/<id>/<name>}. */
    static final List<String> DEVICE_REPORTS = List.of("info", "status", "telemetry", "events", "install",
            "gpio");

    private MosquittoAcl() {
    }

    /** The file's text for the console and these adopted devices, in a stable order. */
    public static String render(Collection<DeviceId> devices) {
        StringBuilder acl = new StringBuilder()
                .append("# Fleetdeck broker ACL, written by `fleetdeck broker-config`: rerun it rather than edit.\n")
                .append("\n# Every device: its own reports and commands (%u is the user name, i.e. the device id).\n");
        for (String report : DEVICE_REPORTS) {
            acl.append("pattern write ").append(Topics.ROOT).append("%u/").append(report).append('\n');
        }
        acl.append("pattern read ").append(Topics.ROOT).append("%u/cmd/+\n")
                .append("\n# The console role: everything of the protocol.\n")
                .append("user ").append(BrokerAccounts.CONSOLE_USER).append('\n')
                .append("topic readwrite ").append(Topics.ROOT).append("#\n");
        // Listed per device rather than as one pattern: Mosquitto warns about a pattern without %u or %c at every
        // start and reload, and a warning the operator learns to ignore hides the next one.
        acl.append("\n# Each adopted device may answer commands on a console's response topic.\n");
        for (DeviceId device : new TreeSet<>(devices)) {
            acl.append("user ").append(device.value()).append('\n')
                    .append("topic write ").append(Topics.ROOT).append(Topics.CONSOLE_SEGMENT)
                    .append("/+/responses\n");
        }
        return acl.toString();
    }
}
