package io.fleetdeck.console.fleet;

/** A device's presence as the console shows it; {@code UNKNOWN} until its retained {@code status} arrives. */
public enum PresenceState {
    UNKNOWN, ONLINE, OFFLINE
}
