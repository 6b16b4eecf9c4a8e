package io.fleetdeck.model;

import java.util.Objects;

/**
 * Something the device reports on {@code fleetdeck/v1/<id>/events}, e.g. a sensor that stopped answering.
 *
 * @param v       protocol version
 * @param ts      epoch ms on the device
 * @param level   severity
 * @param type    short machine-readable kind, e.g. {@code sensor-error}
 * @param message what happened, for people
 */
public record DeviceEvent(int v, long ts, EventLevel level, String type, String message) {
    public DeviceEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Identifiers.requireCommandName(type);
        Payloads.requireLength("message", message, 1024);
    }

    public DeviceEvent(long ts, EventLevel level, String type, String message) {
        this(ProtocolVersion.CURRENT, ts, level, type, message);
    }
}
