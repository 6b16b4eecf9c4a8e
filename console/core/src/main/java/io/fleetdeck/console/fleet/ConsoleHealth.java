package io.fleetdeck.console.fleet;

/**
 * What the status bar reports about the console's own machinery, gathered by the runtime off the FX thread.
 *
 * @param broker          e.g. "embedded broker 127.0.0.1:1883 · connected"
 * @param brokerOk        false when the console is not connected
 * @param history         e.g. "history: 1,204,332 readings in /home/…/fleetdeck.db"
 * @param historyOk       false after a write error, e.g. a full disk
 */
public record ConsoleHealth(String broker, boolean brokerOk, String history, boolean historyOk) {
}
