package io.fleetdeck.bench;

import java.util.Map;

/**
 * The fixed-load phase: the daemon's simulator at a set rate into the console probe.
 *
 * @param offeredReadingsPerS readings per second the simulated fleet had acknowledged during the window
 * @param published           readings the fleet had acknowledged (PUBACK) over the whole run
 * @param window              the probe's figures for the measured window (rates, latency, JVM CPU and heap)
 * @param totals              the probe's totals after the load stopped and history was flushed
 * @param cpu                 % of one core per process and for the machine during the window
 */
record FixedLoadResult(double offeredReadingsPerS, long published, Map<String, String> window,
                       Map<String, String> totals, Map<String, Double> cpu) {

    long committed() {
        return Long.parseLong(totals.get("total-committed"));
    }

    long duplicates() {
        return Long.parseLong(totals.get("total-duplicates"));
    }

    long accepted() {
        return Long.parseLong(totals.get("total-accepted"));
    }

    /** Readings the console decoded more than once: QoS 1 redeliveries of batches (at-least-once). */
    long redelivered() {
        return Math.max(0, accepted() - published);
    }

    /**
     * Acknowledged to a device but not in SQLite: the figure the issue wants at 0. A reading SQLite ignored because
     * its sensor already had one at that millisecond is not lost in transport and is counted apart; an ignored
     * redelivery is no reading at all.
     */
    long lost() {
        return published - committed() - sameTimestamp();
    }

    /** Distinct readings SQLite ignored because the sensor already had a reading at that millisecond. */
    long sameTimestamp() {
        return Math.max(0, duplicates() - redelivered());
    }

    double window(String key) {
        return Double.parseDouble(window.get(key));
    }
}
