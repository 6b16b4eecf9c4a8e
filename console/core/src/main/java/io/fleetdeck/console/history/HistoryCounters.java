package io.fleetdeck.console.history;

import java.util.concurrent.atomic.AtomicBoolean;
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
    /** More readings queued than the soft capacity; set by appends, cleared by the writer once it caught up. */
    final AtomicBoolean behind = new AtomicBoolean();
}
