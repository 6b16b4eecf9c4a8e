package io.fleetdeck.console.fleet.ui;

/**
 * A device's newest reading as the device table shows it ({@link #text()}) and sorts it (by {@link #value()}; a
 * device without readings sorts first).
 *
 * @param text  sensor label and formatted value with unit, empty when there is none
 * @param value the raw value, NaN when there is none
 */
public record LastReading(String text, double value) implements Comparable<LastReading> {
    /** No reading yet. */
    public static final LastReading NONE = new LastReading("", Double.NaN);

    @Override
    public int compareTo(LastReading other) {
        boolean none = Double.isNaN(value);
        boolean otherNone = Double.isNaN(other.value);
        if (none || otherNone) {
            return Boolean.compare(!none, !otherNone);
        }
        return Double.compare(value, other.value);
    }

    @Override
    public String toString() {
        return text;
    }
}
