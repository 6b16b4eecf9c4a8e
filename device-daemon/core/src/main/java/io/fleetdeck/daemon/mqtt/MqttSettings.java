package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.TelemetryEncoding;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a device talks to the broker.
 *
 * @param brokerUrl        {@code tcp://host:port}, or {@code ssl://host:port} with a {@code caFile}
 * @param keepAlive        MQTT keep-alive; the broker announces a dead device after 1.5 of these
 * @param connectTimeout   how long one connection attempt may take
 * @param backoffInitial   first delay after a failed attempt
 * @param backoffMax       cap of the exponential backoff
 * @param inFlightWindow   QoS 1 telemetry batches awaiting PUBACK at once
 * @param batchMaxReadings readings per {@code TelemetryBatch}
 * @param batchLinger      longest a reading waits for its batch to fill
 * @param bufferCapacity   readings kept while the broker is unreachable; the oldest go first beyond it
 * @param closeTimeout     bound on flushing and saying {@code offline} at shutdown
 * @param caFile           for {@code ssl://}: the PEM file of the only CA the broker's certificate may be signed by
 *                         (the console's); read at every connect, so a CA written at adoption applies to the next one
 * @param telemetryEncoding how telemetry batches are encoded on this broker: JSON unless its console announced that it
 *                          reads compact batches (see {@link TelemetryEncodingChoice})
 */
public record MqttSettings(String brokerUrl, Duration keepAlive, Duration connectTimeout, Duration backoffInitial,
                           Duration backoffMax, int inFlightWindow, int batchMaxReadings, Duration batchLinger,
                           int bufferCapacity, Duration closeTimeout, Optional<Path> caFile,
                           TelemetryEncoding telemetryEncoding) {
    public MqttSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(telemetryEncoding, "telemetryEncoding");
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

    /**
     * Defaults for a Pi on a LAN: 10 s keep-alive, backoff 0.5..30 s, 32 batches in flight, 100 readings / 200 ms,
     * JSON telemetry.
     */
    public static MqttSettings defaults(String brokerUrl) {
        return new MqttSettings(brokerUrl, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofSeconds(30), 32, 100, Duration.ofMillis(200), 10_000, Duration.ofSeconds(5), Optional.empty(),
                TelemetryEncoding.JSON);
    }

    public MqttSettings withBackoff(Duration initial, Duration max) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, initial, max, inFlightWindow, batchMaxReadings,
                batchLinger, bufferCapacity, closeTimeout, caFile, telemetryEncoding);
    }

    public MqttSettings withBrokerUrl(String url) {
        return new MqttSettings(url, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout, caFile, telemetryEncoding);
    }

    public MqttSettings withKeepAlive(Duration keepAlive) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout, caFile, telemetryEncoding);
    }

    public MqttSettings withBufferCapacity(int capacity) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, capacity, closeTimeout, caFile, telemetryEncoding);
    }

    /** Trusts only the CA in {@code file} for an {@code ssl://} broker. */
    public MqttSettings withCaFile(Path file) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout, Optional.of(file), telemetryEncoding);
    }

    /** Publishes telemetry in {@code encoding}. */
    public MqttSettings withTelemetryEncoding(TelemetryEncoding encoding) {
        return new MqttSettings(brokerUrl, keepAlive, connectTimeout, backoffInitial, backoffMax, inFlightWindow,
                batchMaxReadings, batchLinger, bufferCapacity, closeTimeout, caFile, encoding);
    }

    /** Whether the broker URL asks for TLS. */
    public boolean tls() {
        return brokerUrl.startsWith("ssl://");
    }

    /**
     * Accepts {@code tcp://host:port} and {@code ssl://host:port}; throws {@link IllegalArgumentException} naming what
     * is wrong otherwise.
     */
    public static void requireBrokerUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("broker URL \"" + url + "\" is not a URI: " + e.getMessage());
        }
        if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getPort() < 1) {
            throw new IllegalArgumentException("broker URL \"" + url
                    + "\" must look like tcp://HOST:PORT or ssl://HOST:PORT");
        }
    }
}
