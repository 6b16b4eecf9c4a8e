package io.fleetdeck.console.look;

/** Where a window was and how large, in screen coordinates; plain numbers, so the state file needs no JavaFX. */
public record WindowBounds(double x, double y, double width, double height) {
    public WindowBounds {
        if (!(Double.isFinite(x) && Double.isFinite(y) && width > 0 && height > 0
                && Double.isFinite(width) && Double.isFinite(height))) {
            throw new IllegalArgumentException("not a window's bounds: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** How much of this window lies inside {@code other}, in square pixels. */
    double overlap(WindowBounds other) {
        double w = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double h = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
