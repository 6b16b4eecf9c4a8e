package io.fleetdeck.console.history;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Counters shared by callers (queueing) and the writer (committing); all lock-free. */
final class HistoryCounters {
    final AtomicLong queued = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicReference<HistoryWriteException> lastWriteError = new AtomicReference<>();

    /** Reserves room for {@code count} readings, or returns false when the queue would exceed its capacity. */
    boolean tryReserve(int count, long capacity) {
        while (true) {
            long current = queued.get();
            if (current + count > capacity) {
                return false;
            }
            if (queued.compareAndSet(current, current + count)) {
                return true;
            }
        }
    }
}
