package io.fleetdeck.console.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the console's embedded broker is set up.
 *
 * @param dataDirectory            the console's data directory; the broker keeps its files in {@code broker/} below it
 * @param bindAddress              an IP literal to listen on; {@code 127.0.0.1} unless devices on the LAN must reach it
 * @param port                     TCP port, or 0 to pick a free one (see {@link EmbeddedBroker#endpoint()})
 * @param serverReceiveMaximum     QoS 1/2 publishes a client may have unacknowledged (HiveMQ default 10)
 * @param maxQueuedMessages        messages queued per client that reads slower than others publish (default 1000)
 * @param maxPacketSizeBytes       largest MQTT packet accepted
 * @param maxKeepAliveSeconds      keep-alive imposed on clients that ask for more or for none
 * @param maxSessionExpirySeconds  how long the session of a vanished client is kept
 * @param startTimeout             how long start-up may take before it counts as failed
 * @param limits                   what a peer may take before it has proven anything: connections, idle sockets
 */
public record BrokerSettings(Path dataDirectory, String bindAddress, int port, int serverReceiveMaximum,
                             long maxQueuedMessages, int maxPacketSizeBytes, int maxKeepAliveSeconds,
                             long maxSessionExpirySeconds, Duration startTimeout, BrokerLimits limits) {

    public BrokerSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port outside 0..65535: " + port);
        }
        if (serverReceiveMaximum < 1 || serverReceiveMaximum > 65_535) {
            throw new IllegalArgumentException("serverReceiveMaximum outside 1..65535: " + serverReceiveMaximum);
        }
        if (maxQueuedMessages < 1 || maxPacketSizeBytes < 1024 || maxKeepAliveSeconds < 1
                || maxKeepAliveSeconds > 65_535 || maxSessionExpirySeconds < 0) {
            throw new IllegalArgumentException("broker limits out of range");
        }
    }

    /**
     * Loopback on the standard port, with HiveMQ's tight defaults raised for fleets: 1,000 unacknowledged QoS 1
     * publishes per client, 100,000 queued messages per client (a few tens of MB at telemetry sizes), 1 MiB packets
     * (four times the largest protocol payload; firmware goes over HTTP, not MQTT), keep-alive at most 5 minutes so
     * a dead link fires its Last Will, and sessions of vanished clients dropped after a day.
     */
    public static BrokerSettings loopback(Path dataDirectory) {
        return new BrokerSettings(dataDirectory, "127.0.0.1", 1883, 1_000, 100_000, 1024 * 1024, 300, 86_400,
                Duration.ofSeconds(30), BrokerLimits.defaults());
    }

    public BrokerSettings withPort(int value) {
        return new BrokerSettings(dataDirectory, bindAddress, value, serverReceiveMaximum, maxQueuedMessages,
                maxPacketSizeBytes, maxKeepAliveSeconds, maxSessionExpirySeconds, startTimeout, limits);
    }

    public BrokerSettings withBindAddress(String value) {
        return new BrokerSettings(dataDirectory, value, port, serverReceiveMaximum, maxQueuedMessages,
                maxPacketSizeBytes, maxKeepAliveSeconds, maxSessionExpirySeconds, startTimeout, limits);
    }

    public BrokerSettings withLimits(BrokerLimits value) {
        return new BrokerSettings(dataDirectory, bindAddress, port, serverReceiveMaximum, maxQueuedMessages,
                maxPacketSizeBytes, maxKeepAliveSeconds, maxSessionExpirySeconds, startTimeout, value);
    }

    /** Where the broker's generated configuration and runtime files live. */
    public Path brokerDirectory() {
        return dataDirectory.resolve("broker");
    }
}
