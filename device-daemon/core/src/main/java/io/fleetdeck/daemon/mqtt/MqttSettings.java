package io.fleetdeck.daemon.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a device talks to the broker.
 *
 * @param brokerUrl        {@code tcp://host:port}
 * @param keepAlive        MQTT keep-alive; the broker announces a dead device after 1.5 of these
 * @param connectTimeout   how long one connection attempt may take
 * @param backoffInitial   first delay after a failed attempt
 * @param backoffMax       cap of the exponential backoff
 * @param inFlightWindow   QoS 1 telemetry batches awaiting PUBACK at once
 * @param batchMaxReadings readings per {@code TelemetryBatch}
 * @param batchLinger      longest a reading waits for its batch to fill
 * @param bufferCapacity   readings kept while the broker is unreachable; the oldest go first beyond it
 * @param closeTimeout     bound on flushing and saying {@code offline} at shutdown
 */
public record MqttSettings(String brokerUrl, Duration keepAlive, Duration connectTimeout, Duration backoffInitial,
                           Duration backoffMax, int inFlightWindow, int batchMaxReadings, Duration batchLinger,
                           int bufferCapacity, Duration closeTimeout) {
    public MqttSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        requireBrokerUrl(brokerUrl);
        if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException("keep-alive must be 1..65535 s: " + keepAlive);
        }
        if (inFlightWindow < 1 || batchMaxReadings < 1 || bufferCapacity < 1) {
            throw new IllegalArgumentException("window, batch size and buffer must be positive");
        }
        if (batchMaxReadings > io.fleetdeck.model.TelemetryBatch.MAX_READINGS) {
            throw new IllegalArgumentException("batch of " + batchMaxReadings + " exceeds the protocol's "
                    + io.fleetdeck.model.TelemetryBatch.MAX_READINGS);
        }
    }

    /** Defaults for a Pi on a LAN: 10 s keep-alive, backoff 0.5..30 s, 32 batches in flight, 100 readings / 200 ms. */
    public static MqttSettings defaults(String brokerUrl) {
        return new MqttSettings(brokerUrl, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofSeconds(30), 32, 100, Duration.ofMillis(200), 10_000, Duration.ofSeconds(5));
    }

    public MqttSettings withBackoff(Duration initial, Duration max) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, initial, max, inFlightWindow, batchMaxReadings,
                batchLinger, bufferCapacity, closeTimeout);
    }

    public MqttSettings withBrokerUrl(String url) {
        return new MqttSettings(url, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout);
    }

    public MqttSettings withKeepAlive(Duration keepAlive) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout);
    }

    public MqttSettings withBufferCapacity(int capacity) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, capacity, closeTimeout);
    }

    /** Accepts {@code tcp://host:port}; throws {@link IllegalArgumentException} naming what is wrong otherwise. */
    public static void requireBrokerUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("broker URL \"" + url + "\" is not a URI: " + e.getMessage());
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("broker URL \"" + url + "\" must look like tcp://HOST:PORT");
        }
    }
}
