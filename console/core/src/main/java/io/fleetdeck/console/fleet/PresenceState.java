package io.fleetdeck.console.fleet;

/**
 * A device's presence as the console shows it. MQTT decides online/offline (fast, via the Last Will); mDNS alone
 * only ever makes a device {@code DISCOVERED}. {@code UNKNOWN} means MQTT traffic arrived but no {@code status} yet.
 */
public enum PresenceState {
    UNKNOWN, DISCOVERED, ONLINE, OFFLINE
}
