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

/**
 * Deletes readings older than the retention, one sensor and one small chunk per {@link #step()}. The writer calls it
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
    private final List<CompletableFuture<Long>> waiting = new ArrayList<>();
    private long nextPassNanos;
    private List<Long> sensorKeys;
    private int sensorIndex;
    private long cutoffMs;
    private long deleted;

    RetentionPass(Connection connection, HistorySettings settings, Clock clock, int chunk) {
        this.connection = connection;
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
            int removed = deleteChunk(sensorKeys.get(sensorIndex));
            deleted += removed;
            if (removed < chunk) {
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

    private int deleteChunk(long sensorKey) throws SQLException {
        // Each statement is its own short transaction on the auto-commit connection.
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM readings WHERE sensor_key = ? AND ts IN (
                    SELECT ts FROM readings WHERE sensor_key = ? AND ts < ? ORDER BY ts LIMIT ?)""")) {
            delete.setLong(1, sensorKey);
            delete.setLong(2, sensorKey);
            delete.setLong(3, cutoffMs);
            delete.setInt(4, chunk);
            return delete.executeUpdate();
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
