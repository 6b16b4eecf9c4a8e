package io.fleetdeck.console.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a refused message once per source and reason, so a device spamming garbage at 100 Hz writes one warning
 * rather than a gigabyte of log; the counters in the fleet registry keep the totals.
 */
final class RejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.fleetdeck.console.ingest.Rejected");
    private static final int MAX_KEYS = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    void rejected(String source, String reasonKey, String message) {
        if (seen.size() < MAX_KEYS && seen.add(source + '|' + reasonKey)) {
            LOG.warn("Rejected message from {}: {} (further {} from this source are counted, not logged)", source,
                    message, reasonKey);
        } else {
            LOG.debug("Rejected message from {}: {}", source, message);
        }
    }
}
