package io.fleetdeck.console.charts;

/** A time range in epoch milliseconds, both ends inclusive: what a chart shows, what an export takes. */
public record TimeRange(long fromMs, long toMs) {
    public TimeRange {
        if (fromMs > toMs) {
            throw new IllegalArgumentException("range ends (" + toMs + ") before it starts (" + fromMs + ")");
        }
    }
}
