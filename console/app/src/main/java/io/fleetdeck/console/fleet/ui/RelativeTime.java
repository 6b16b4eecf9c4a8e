package io.fleetdeck.console.fleet.ui;

/** "12 s ago"-style texts: what a technician glancing at a tile wants, not a timestamp to decode. */
public final class RelativeTime {
    private RelativeTime() {
    }

    public static String ago(long thenMs, long nowMs) {
        if (thenMs <= 0) {
            return "never";
        }
        long seconds = Math.max(0, (nowMs - thenMs) / 1000);
        if (seconds < 2) {
            return "just now";
        }
        if (seconds < 90) {
            return seconds + " s ago";
        }
        long minutes = seconds / 60;
        if (minutes < 90) {
            return minutes + " min ago";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h ago";
        }
        return hours / 24 + " days ago";
    }
}
