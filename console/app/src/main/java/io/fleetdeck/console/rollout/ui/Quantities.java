package io.fleetdeck.console.rollout.ui;

import java.util.Locale;

/**
 * Sizes, rates and durations as a technician reads them next to a file manager: decimal units (what GNOME and
 * macOS show for the same file), one decimal below 10.
 */
public final class Quantities {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Quantities() {
    }

    /** {@code 3_200_000} → {@code "3.2 MB"}. */
    public static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    /** {@code 3_200_000.0} → {@code "3.2 MB/s"}; empty when nothing moves. */
    public static String rate(double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            return "";
        }
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** {@code 95_000} → {@code "1 min 35 s"}. */
    public static String duration(long ms) {
        long seconds = Math.max(0, (ms + 999) / 1000);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min " + seconds % 60 + " s";
        }
        return minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** Whole percent of {@code part} in {@code whole}, floored so 100 % means done. */
    public static String percent(long part, long whole) {
        return whole <= 0 ? "" : Math.min(100, part * 100 / whole) + " %";
    }

    /** The first 12 hex digits of a SHA-256, enough to tell images apart by eye. */
    public static String shortSha(String sha256) {
        return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12) + "…";
    }
}
