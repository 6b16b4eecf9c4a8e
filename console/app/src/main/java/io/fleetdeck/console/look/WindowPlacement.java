package io.fleetdeck.console.look;

import java.util.List;
import java.util.Optional;

/**
 * Whether a remembered window position still makes sense: monitors get unplugged and resolutions change between
 * runs, and a window restored off every screen cannot be dragged back by its title bar.
 */
public final class WindowPlacement {
    /** The part of the window's top edge (its title bar) that must be on a screen to be grabbed. */
    private static final double TITLE_BAR = 32;
    private static final double GRABBABLE = 120 * TITLE_BAR / 2;

    private WindowPlacement() {
    }

    /**
     * {@code saved}, shrunk to fit the screen its title bar is on, or empty when its title bar is on none of
     * {@code screens} (then the caller centres the window).
     */
    public static Optional<WindowBounds> onScreens(WindowBounds saved, List<WindowBounds> screens) {
        WindowBounds titleBar = new WindowBounds(saved.x(), saved.y(), saved.width(), TITLE_BAR);
        for (WindowBounds screen : screens) {
            if (titleBar.overlap(screen) >= GRABBABLE) {
                return Optional.of(new WindowBounds(saved.x(), saved.y(), Math.min(saved.width(), screen.width()),
                        Math.min(saved.height(), screen.height())));
            }
        }
        return Optional.empty();
    }
}
