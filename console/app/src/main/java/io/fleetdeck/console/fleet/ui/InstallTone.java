package io.fleetdeck.console.fleet.ui;

/** How a tile's install line is coloured: by what the operator should make of it. */
public enum InstallTone {
    /** Nothing to say, or a neutral fact. */
    NONE,
    /** Pre-flight is checking the image. */
    CHECKING,
    /** Cleared by pre-flight, not started yet. */
    CLEARED,
    /** A job is moving. */
    ACTIVE,
    /** The device runs the new version. */
    OK,
    /** Refused, failed or rolled back. */
    PROBLEM,
    /** The operator gave up on it; the device keeps its firmware. */
    CANCELLED
}
