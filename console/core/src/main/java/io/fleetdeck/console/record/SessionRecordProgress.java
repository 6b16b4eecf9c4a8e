package io.fleetdeck.console.record;

/**
 * How far a session record is.
 *
 * @param done     parts written (the audit, firmware and installs tables, each sensor, the summary)
 * @param total    parts the record will have
 * @param readings telemetry readings written so far
 * @param step     what it writes now, for people
 */
public record SessionRecordProgress(int done, int total, long readings, String step) {
    /** 0..1. */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    }
}
