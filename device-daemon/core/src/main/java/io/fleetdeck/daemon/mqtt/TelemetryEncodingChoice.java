package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.TelemetryEncoding;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code telemetry.encoding} in the daemon's config and {@code --telemetry-encoding} of {@code fleetdeckd simulate}:
 * which {@link TelemetryEncoding} a device publishes. A console from before the compact encoding reads only JSON, so
 * {@link #AUTO} sends compact only to a console that announced it reads it, and JSON to every other broker, including
 * one named in the config, whose console the device knows nothing about.
 */
public enum TelemetryEncodingChoice {
    /** Compact when the console found over mDNS announces {@code tel=…compact}, else JSON. */
    AUTO,
    /** Always JSON, e.g. to read the batches with {@code mosquitto_sub}. */
    JSON,
    /** Always compact, for a broker whose consumers are known to read it (benchmarks). */
    COMPACT;

    /** The encoding to publish to {@code console}'s broker, or to a configured broker when it is empty. */
    public TelemetryEncoding forConsole(Optional<ConsoleAnnouncement> console) {
        return switch (this) {
            case JSON -> TelemetryEncoding.JSON;
            case COMPACT -> TelemetryEncoding.COMPACT;
            case AUTO -> console.filter(ConsoleAnnouncement::readsCompactTelemetry).isPresent()
                    ? TelemetryEncoding.COMPACT : TelemetryEncoding.JSON;
        };
    }

    /** {@code auto}, {@code json} or {@code compact}, case-insensitively; else an exception naming the choices. */
    public static TelemetryEncodingChoice parse(String text) {
        for (TelemetryEncodingChoice choice : values()) {
            if (choice.token().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not one of auto, json, compact");
    }

    /** How config files and command lines spell it. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
