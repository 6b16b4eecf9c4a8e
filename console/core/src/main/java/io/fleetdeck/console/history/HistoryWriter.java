package io.fleetdeck.console.history;

import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The only code that writes the history file, on its own thread. It takes everything queued, commits it in one
 * transaction ({@link BatchInserter}), keeps a batch that failed for a reason that may pass and retries it
 * ({@link CommitFailures}), and between batches prunes old readings a chunk at a time ({@link RetentionPass}) so a
 * prune never holds the write lock long.
 */
final class HistoryWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    /** Chunk rows per retention step: at most 200,000 readings, a short transaction. */
    private static final int PRUNE_CHUNKS = 200;
    private static final long IDLE_POLL_MS = 1_000;
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final int LINGER_READINGS = 20_000;

    private final Connection connection;
    private final Path file;
    private final BlockingQueue<WriteTask> queue;
    private final HistoryCounters counters;
    private final HistorySettings settings;
    private final BatchInserter inserter;
    private final CommitFailures failures;
    private final RetentionPass retention;
    private final List<WriteTask> pending = new ArrayList<>();
    private boolean stopping;

    HistoryWriter(Connection connection, Path file, BlockingQueue<WriteTask> queue, HistoryCounters counters,
                  PayloadCodec codec, HistorySettings settings, Clock clock) throws SQLException {
        this.connection = connection;
        this.file = file;
        this.queue = queue;
        this.counters = counters;
        this.settings = settings;
        this.inserter = new BatchInserter(connection, codec);
        this.failures = new CommitFailures(file, counters);
        // A pruned chunk may be a sensor's open one; the writer must not go on updating a row that is gone.
        this.retention = new RetentionPass(connection, settings, clock, PRUNE_CHUNKS, inserter::forgetOpenChunk);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (pending.isEmpty()) {
                    WriteTask first = queue.poll(retention.active() ? 0 : IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        pending.add(first);
                        drainUpTo(settings.maxReadingsPerCommit());
                        lingerForMore();
                    }
                }
                if (!pending.isEmpty() && !commitPending()) {
                    freeSpaceIfFull();
                    Thread.sleep(failures.delayMs());
                    continue;
                }
                retention.step();
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is still pending is counted as lost below.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("History writer for {} stopped", file, e);
        } finally {
            abandonRemaining();
            retention.abandon();
            sealOpenChunks();
            closeQuietly();
        }
    }

    /**
     * A full file (quota or disk) is only cured by deleting: run the retention pass now rather than at its next
     * interval, one chunk per retry, so old readings make room for the batch that is waiting.
     */
    private void freeSpaceIfFull() {
        if (failures.diskFull()) {
            if (!retention.active()) {
                retention.start(new CompletableFuture<>());
            }
            retention.step();
        }
    }

    /** Moves queued tasks into the batch until about {@code limit} readings, never splitting an append. */
    private void drainUpTo(int limit) {
        int readings = readingsIn(pending);
        WriteTask next;
        while (readings < limit && (next = queue.poll()) != null) {
            pending.add(next);
            if (next instanceof WriteTask.AppendReadings append) {
                readings += append.readings().size();
            }
            if (next instanceof WriteTask.Stop) {
                break;
            }
        }
    }

    /**
     * Under load, a commit for every batch or two would rewrite each open chunk hundreds of times a second. Waiting
     * up to {@link #LINGER_NANOS} for more lets one commit carry many batches; it ends as soon as
     * {@link #LINGER_READINGS} are in hand, or at once for a flush or a stop, so it adds at most that much to the
     * time a device waits for its PUBACK.
     */
    private void lingerForMore() throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        int readings = readingsIn(pending);
        while (readings < LINGER_READINGS && pending.stream().allMatch(HistoryWriter::mayWait)) {
            long left = deadline - System.nanoTime();
            WriteTask next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            pending.add(next);
            if (next instanceof WriteTask.AppendReadings append) {
                readings += append.readings().size();
            }
        }
    }

    private static boolean mayWait(WriteTask task) {
        return task instanceof WriteTask.AppendReadings || task instanceof WriteTask.RecordDevice;
    }

    /** Commits the batch; returns false, keeping it, when a transient error says to try again later. */
    private boolean commitPending() {
        int attempted = readingsIn(pending);
        if (pending.stream().noneMatch(task -> task instanceof WriteTask.AppendReadings
                || task instanceof WriteTask.RecordDevice)) {
            completeControlTasks();
            return true;
        }
        long inserted;
        try {
            Transactions.begin(connection);
            inserted = inserter.insert(pending);
            Transactions.commit(connection);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (failures.retryLater(e)) {
                return false;
            }
            counters.dropped.addAndGet(attempted);
            counters.queued.addAndGet(-attempted);
            completeControlTasks();
            return true;
        }
        counters.committed.addAndGet(inserted);
        counters.duplicates.addAndGet(attempted - inserted);
        counters.queued.addAndGet(-attempted);
        counters.batches.incrementAndGet();
        failures.committed();
        noticeCaughtUp();
        runCommitCallbacks();
        completeControlTasks();
        return true;
    }

    private void noticeCaughtUp() {
        if (counters.behind.get() && counters.queued.get() <= settings.queueCapacity()
                && counters.behind.compareAndSet(true, false)) {
            log.info("History of {} caught up: {} readings queued", file, counters.queued.get());
        }
    }

    private void runCommitCallbacks() {
        for (WriteTask task : pending) {
            if (task instanceof WriteTask.AppendReadings append) {
                try {
                    append.whenCommitted().run();
                } catch (RuntimeException e) {
                    log.warn("A commit callback of {} failed", append.device(), e);
                }
            }
        }
    }

    private void completeControlTasks() {
        for (WriteTask task : pending) {
            switch (task) {
                case WriteTask.Flush flush -> flush.done().complete(null);
                case WriteTask.Prune prune -> retention.start(prune.done());
                case WriteTask.Stop stop -> stopping = true;
                default -> {
                }
            }
        }
        pending.clear();
    }

    /** Whatever could not be committed before the writer ended is counted as lost. */
    private void abandonRemaining() {
        queue.drainTo(pending);
        int lost = readingsIn(pending);
        if (lost > 0) {
            counters.dropped.addAndGet(lost);
            counters.queued.addAndGet(-lost);
            log.warn("History writer for {} ended with {} readings not written", file, lost);
        }
        for (WriteTask task : pending) {
            if (task instanceof WriteTask.Flush flush) {
                flush.done().completeExceptionally(new IllegalStateException("history store closed"));
            } else if (task instanceof WriteTask.Prune prune) {
                prune.done().cancel(false);
            }
        }
        pending.clear();
    }

    private void rollbackQuietly() {
        inserter.forget();
        Transactions.rollbackQuietly(connection);
    }

    /**
     * Packs each sensor's open chunk for good. Not needed for the readings (they are all in the file as fragments
     * already) but for the file's size: a failure here only leaves the fragments as they are.
     */
    private void sealOpenChunks() {
        try {
            Transactions.begin(connection);
            inserter.sealOpenChunks();
            Transactions.commit(connection);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            log.warn("Packing the open chunks of {} at close failed; their readings stay unpacked", file, e);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing history file {} failed", file, e);
        }
    }

    private static int readingsIn(List<WriteTask> tasks) {
        int count = 0;
        for (WriteTask task : tasks) {
            if (task instanceof WriteTask.AppendReadings append) {
                count += append.readings().size();
            }
        }
        return count;
    }
}
