package io.fleetdeck.console.fleet.ui;

import java.util.Locale;

/** Formats sensor values with as many decimals as their size deserves. */
public final class ReadingFormat {
    private ReadingFormat() {
    }

    public static String value(double value, String unit) {
        double magnitude = Math.abs(value);
        String number;
        if (value == Math.rint(value) && magnitude < 1e6) {
            number = String.format(Locale.ROOT, "%.0f", value);
        } else if (magnitude >= 100) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        if (unit == null || unit.isEmpty()) {
            return number;
        }
        return unit.equals("%") || unit.startsWith("°") ? number + unit : number + " " + unit;
    }
}
