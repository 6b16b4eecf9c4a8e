package io.fleetdeck.console.runtime;

import java.nio.file.Path;

/**
 * Where the console keeps its data unless told otherwise; the window and the deploy command share it, so a deploy
 * signs with the window's key and records in its job table.
 *
 * <p>No logger here: the commands ask for this default while picocli builds them, before they point the log file at
 * the data directory.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** The XDG data directory for Fleetdeck: {@code $XDG_DATA_HOME/fleetdeck} or {@code ~/.local/share/fleetdeck}. */
    public static Path xdgDefault() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("fleetdeck");
    }
}
