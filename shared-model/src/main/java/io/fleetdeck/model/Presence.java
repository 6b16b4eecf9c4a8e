package io.fleetdeck.model;

/** What a device's retained {@code status} says. {@code offline} is also its MQTT v5 Last Will. */
public enum Presence {
    ONLINE, OFFLINE
}
