package io.fleetdeck.console.broker;

import io.fleetdeck.console.tls.ConsoleTls;

import java.util.Objects;

/**
 * Turns on the embedded broker's TLS listener: on the broker's bind address at {@code port}, presenting the console's
 * server certificate, TLS 1.3/1.2, client certificates optional (devices may present one signed by the console CA
 * later; none is required now, authentication stays with the MQTT user and password).
 *
 * <p>With TLS on, the plain TCP listener moves to loopback: the console's own session and {@code fleetdeck deploy} on
 * the same machine use it (see {@link EmbeddedBroker#localEndpoint()}), and nothing unencrypted is reachable from the
 * LAN. Kept apart from {@link BrokerSettings}, which are limits and plain values, because it carries live key
 * material.
 *
 * @param material the console's CA and server certificate
 * @param port     the TLS port, 0 for any free one; 8883 is MQTT over TLS's registered port
 */
public record BrokerTls(ConsoleTls material, int port) {
    public static final int DEFAULT_PORT = 8883;

    public BrokerTls {
        Objects.requireNonNull(material, "material");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("TLS port outside 0..65535: " + port);
        }
    }
}
