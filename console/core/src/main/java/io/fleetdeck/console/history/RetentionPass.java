package io.fleetdeck.console.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Deletes readings older than the retention, one sensor and a bounded number of chunk rows per {@link #step()}.
 * Whole chunks only: a chunk is deleted once its newest reading ({@code end_ts}) is older than the cutoff, so one
 * straddling the cutoff stays until all of it is old. The writer calls it
 * between batches, so a month of expired readings never becomes one long transaction that stalls telemetry.
 * Runs on the writer thread only.
 */
final class RetentionPass {
    private static final Logger log = LoggerFactory.getLogger(RetentionPass.class);
    /** The first pass soon after start, so a console that was off for weeks catches up without waiting. */
    private static final long FIRST_PASS_DELAY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Connection connection;
    private final HistorySettings settings;
    private final Clock clock;
    private final int chunk;
    private final LongConsumer afterDelete;
    private final List<CompletableFuture<Long>> waiting = new ArrayList<>();
    private long nextPassNanos;
    private List<Long> sensorKeys;
    private int sensorIndex;
    private long cutoffMs;
    private long deleted;

    /**
     * @param chunk       chunk rows deleted per step
     * @param afterDelete gets the key of a sensor a step deleted chunks of (the writer forgets its open chunk)
     */
    RetentionPass(Connection connection, HistorySettings settings, Clock clock, int chunk, LongConsumer afterDelete) {
        this.connection = connection;
        this.afterDelete = afterDelete;
        this.settings = settings;
        this.clock = clock;
        this.chunk = chunk;
        this.nextPassNanos = System.nanoTime()
                + Math.min(FIRST_PASS_DELAY_NANOS, settings.pruneInterval().toNanos());
    }

    boolean active() {
        return sensorKeys != null;
    }

    /** Starts a pass now (or joins the running one); {@code done} gets the number of readings deleted. */
    void start(CompletableFuture<Long> done) {
        waiting.add(done);
        if (!active()) {
            begin();
        }
    }

    /** Deletes one chunk when a pass is running, or starts a pass when one is due. */
    void step() {
        if (!active()) {
            if (System.nanoTime() - nextPassNanos < 0) {
                return;
            }
            begin();
        }
        try {
            if (sensorKeys == null) {
                return;
            }
            if (sensorIndex >= sensorKeys.size()) {
                finish();
                return;
            }
            long sensorKey = sensorKeys.get(sensorIndex);
            Deleted removed = deleteChunks(sensorKey);
            deleted += removed.readings();
            if (removed.chunks() > 0) {
                afterDelete.accept(sensorKey);
            }
            if (removed.chunks() < chunk) {
                sensorIndex++;
            }
        } catch (SQLException e) {
            log.warn("Pruning history older than {} stopped: {}", settings.retention(), e.getMessage(), e);
            waiting.forEach(done -> done.completeExceptionally(e));
            reset();
        }
    }

    /** The writer is ending: a running pass is simply not finished; the next start runs a new one. */
    void abandon() {
        waiting.forEach(done -> done.cancel(false));
        reset();
    }

    private void begin() {
        nextPassNanos = System.nanoTime() + settings.pruneInterval().toNanos();
        if (settings.retention().isZero()) {
            sensorKeys = List.of();
            cutoffMs = Long.MIN_VALUE;
            return;
        }
        cutoffMs = clock.millis() - settings.retention().toMillis();
        List<Long> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT sensor_key FROM sensors");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            log.warn("Cannot list sensors to prune: {}", e.getMessage(), e);
        }
        sensorKeys = keys;
        sensorIndex = 0;
        deleted = 0;
    }

    private record Deleted(long chunks, long readings) {
    }

    private Deleted deleteChunks(long sensorKey) throws SQLException {
        // Each statement is its own short transaction on the auto-commit connection.
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM chunks WHERE chunk_id IN (
                    SELECT chunk_id FROM chunks WHERE sensor_key = ? AND end_ts < ? ORDER BY end_ts LIMIT ?)
                RETURNING count""")) {
            delete.setLong(1, sensorKey);
            delete.setLong(2, cutoffMs);
            delete.setInt(3, chunk);
            long rows = 0;
            long readings = 0;
            try (ResultSet counts = delete.executeQuery()) {
                while (counts.next()) {
                    rows++;
                    readings += counts.getLong(1);
                }
            }
            return new Deleted(rows, readings);
        }
    }

    private void finish() {
        if (deleted > 0) {
            log.info("Pruned {} readings older than {} from history", deleted, settings.retention());
        }
        long total = deleted;
        waiting.forEach(done -> done.complete(total));
        reset();
    }

    private void reset() {
        waiting.clear();
        sensorKeys = null;
        sensorIndex = 0;
        deleted = 0;
    }
}
