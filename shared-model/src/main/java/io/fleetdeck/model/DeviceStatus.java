package io.fleetdeck.model;

import java.util.Objects;

/**
 * Retained presence on {@code fleetdeck/v1/<id>/status}. The device publishes {@code ONLINE} after connecting and
 * registers {@code OFFLINE} as its MQTT v5 will (delay 0), so the broker announces a crash within 1.5 keep-alives.
 *
 * @param v     protocol version
 * @param state online or offline
 * @param ts    epoch ms when the device wrote it (the will carries the time it connected)
 */
public record DeviceStatus(int v, Presence state, long ts) {
    public DeviceStatus {
        Objects.requireNonNull(state, "state");
    }

    public DeviceStatus(Presence state, long ts) {
        this(ProtocolVersion.CURRENT, state, ts);
    }
}
