package io.fleetdeck.console.rollout;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * Download rate and time left from the recent progress reports of one job: bytes over the last few seconds, so a
 * stall shows as a falling rate and a resumed download does not count bytes it fetched before.
 */
final class ProgressRate {
    static final long WINDOW_MS = 10_000;
    private static final long MIN_SPAN_MS = 500;

    private record Sample(long atMs, long bytes) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    void add(long atMs, long bytes) {
        if (!samples.isEmpty() && bytes < samples.getLast().bytes()) {
            // The device started over (another file behind If-Range): earlier samples say nothing about now.
            samples.clear();
        }
        samples.addLast(new Sample(atMs, bytes));
        while (samples.size() > 2 && samples.getFirst().atMs() < atMs - WINDOW_MS) {
            samples.removeFirst();
        }
    }

    void clear() {
        samples.clear();
    }

    /** Bytes per second over the window, 0 when there is too little to tell. */
    double bytesPerSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        long span = last.atMs() - first.atMs();
        return span < MIN_SPAN_MS ? 0 : (last.bytes() - first.bytes()) * 1000.0 / span;
    }

    /** Milliseconds until {@code total} at the current rate, when there is a rate. */
    OptionalLong etaMs(long bytes, long total) {
        double rate = bytesPerSecond();
        if (rate <= 0 || total <= 0 || bytes >= total) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) Math.ceil((total - bytes) * 1000.0 / rate));
    }
}
