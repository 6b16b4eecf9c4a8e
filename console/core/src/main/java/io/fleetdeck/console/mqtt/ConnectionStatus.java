package io.fleetdeck.console.mqtt;

/**
 * The console's link to its broker, for the status bar.
 *
 * @param state   where the connection is
 * @param broker  the broker URL
 * @param detail  the cause of the last failure, empty when connected
 * @param sinceMs epoch ms of the last change
 */
public record ConnectionStatus(State state, String broker, String detail, long sinceMs) {
    public enum State { CONNECTING, CONNECTED, DISCONNECTED, CLOSED }
}
