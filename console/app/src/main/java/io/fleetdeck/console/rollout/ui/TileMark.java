package io.fleetdeck.console.rollout.ui;

import java.util.Objects;

/**
 * What pre-flight has to say on one device's tile: that its image is being checked, that it was cleared, or why it
 * was refused. Shown in the tile's install line until the next drop or the device's next job.
 *
 * @param kind which of the three
 * @param text the line itself, e.g. "WRONG_MODEL: image is for [Raspberry Pi 4], this board is 'Raspberry Pi 3'"
 */
public record TileMark(Kind kind, String text) {
    public enum Kind { CHECKING, CLEARED, REFUSED }

    public TileMark {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public static TileMark checking() {
        return new TileMark(Kind.CHECKING, "Checking image…");
    }
}
