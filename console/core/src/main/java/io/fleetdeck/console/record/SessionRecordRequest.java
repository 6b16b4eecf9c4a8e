package io.fleetdeck.console.record;

import java.util.List;

/**
 * What a session record holds: everything of {@code fromMs <= t <= toMs} (both ends inclusive).
 *
 * @param sensors the sensors whose telemetry goes in, in this order; empty for every sensor of every device in the
 *                history
 */
public record SessionRecordRequest(long fromMs, long toMs, List<SensorRef> sensors) {
    public SessionRecordRequest {
        sensors = List.copyOf(sensors);
        if (fromMs > toMs) {
            throw new IllegalArgumentException("the session ends (" + toMs + ") before it starts (" + fromMs + ")");
        }
    }

    /** Whether {@code atMs} is in the session. */
    public boolean contains(long atMs) {
        return atMs >= fromMs && atMs <= toMs;
    }
}
