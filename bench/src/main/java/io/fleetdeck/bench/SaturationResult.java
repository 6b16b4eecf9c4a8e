package io.fleetdeck.bench;

import java.util.Map;

/**
 * What one consumer processed per second while offered more than it could take, over the measured window.
 *
 * @param consumer            "mosquitto_sub" or "Fleetdeck ingest"
 * @param messagesPerS        telemetry messages the consumer handled per second
 * @param readingsPerS        readings per second: counted in the output for the baseline, committed to SQLite for
 *                            Fleetdeck
 * @param offeredReadingsPerS readings per second the broker acknowledged to the publisher in the same window
 * @param cpu                 % of one core per process and for the machine
 * @param note                anything that qualifies the figure (drops, a publisher-bound run)
 */
record SaturationResult(String consumer, double messagesPerS, double readingsPerS, double offeredReadingsPerS,
                        Map<String, Double> cpu, String note) {

    /** True when the consumer kept up with the publisher, so its figure is a lower bound, not its limit. */
    boolean publisherBound() {
        return readingsPerS >= 0.95 * offeredReadingsPerS;
    }
}
