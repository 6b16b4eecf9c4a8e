package io.fleetdeck.console.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * What one LAN peer may take from the embedded broker before it has proven anything (issue #9, limits): HiveMQ's
 * {@code <restrictions>}. A socket that has not sent CONNECT yet counts against the cap too, so a flood of silent
 * sockets refuses devices until {@link #noConnectIdleTimeout} closes it; the cap is there to keep the console's file
 * descriptors, the timeout to give the slots back.
 *
 * @param maxConnections         connections at once, silent sockets included; one more is refused at its CONNECT
 *                               (CONNACK Quota exceeded)
 * @param maxClientIdLength      longest client id in CONNECT: a device id is at most 64 characters
 *                               ({@code Identifiers.DEVICE_ID}) and the console's own ids are shorter
 * @param noConnectIdleTimeout   how long a socket may stay open without sending CONNECT
 * @param incomingBytesPerSecond read throttle per connection, 0 for none
 */
public record BrokerLimits(int maxConnections, int maxClientIdLength, Duration noConnectIdleTimeout,
                           long incomingBytesPerSecond) {
    public BrokerLimits {
        Objects.requireNonNull(noConnectIdleTimeout, "noConnectIdleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (maxClientIdLength < 23 || maxClientIdLength > 65_535) {
            // MQTT requires servers to accept ids of 1-23 characters.
            throw new IllegalArgumentException("maxClientIdLength outside 23..65535: " + maxClientIdLength);
        }
        if (noConnectIdleTimeout.toMillis() < 1 || noConnectIdleTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("noConnectIdleTimeout out of range: " + noConnectIdleTimeout);
        }
        if (incomingBytesPerSecond < 0) {
            throw new IllegalArgumentException("incomingBytesPerSecond is negative: " + incomingBytesPerSecond);
        }
    }

    /**
     * 8,192 connections (a lab fleet is hundreds of devices; each connection is a file descriptor the console also
     * needs for SQLite and the image server), client ids of at most 64 characters, 10 s to send CONNECT. No
     * bandwidth throttle: a device's telemetry batch after an outage is legitimately bursty, and the 1 MiB packet
     * limit and per-client queue already bound what one client costs.
     */
    public static BrokerLimits defaults() {
        return new BrokerLimits(8_192, 64, Duration.ofSeconds(10), 0);
    }

    public BrokerLimits withMaxConnections(int value) {
        return new BrokerLimits(value, maxClientIdLength, noConnectIdleTimeout, incomingBytesPerSecond);
    }

    public BrokerLimits withNoConnectIdleTimeout(Duration value) {
        return new BrokerLimits(maxConnections, maxClientIdLength, value, incomingBytesPerSecond);
    }
}
