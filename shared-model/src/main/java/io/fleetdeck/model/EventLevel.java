package io.fleetdeck.model;

/** Severity of a {@link DeviceEvent}. */
public enum EventLevel {
    INFO, WARN, ERROR
}
