package io.fleetdeck.model;

/** The payload version every message carries in its {@code v} field. */
public final class ProtocolVersion {
    /** Bumped when a payload changes shape; decoders reject every other value. */
    public static final int CURRENT = 1;

    private ProtocolVersion() {
    }
}
