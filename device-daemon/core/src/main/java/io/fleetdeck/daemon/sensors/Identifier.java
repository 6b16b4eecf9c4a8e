package io.fleetdeck.daemon.sensors;

/** What {@code cmd/identify} does to make a device findable on the bench: blink an LED, or only log. */
@FunctionalInterface
public interface Identifier {
    /** Starts identifying and returns at once with a sentence for the command response. */
    String identify();
}
