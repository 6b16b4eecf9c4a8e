package io.fleetdeck.console.broker;

/** Where clients reach an MQTT broker, e.g. {@code tcp://127.0.0.1:1883}. */
public record BrokerEndpoint(String url) {
    public BrokerEndpoint {
        if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
            throw new IllegalArgumentException("broker URL must look like tcp://HOST:PORT, not " + url);
        }
    }
}
