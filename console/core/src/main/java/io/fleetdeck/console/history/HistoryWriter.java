package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The only code that writes the history file, on its own thread. It takes everything queued, commits it in one
 * transaction, and between batches prunes old readings a chunk at a time so a prune never holds the write lock long.
 */
final class HistoryWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    /** Statements flushed to SQLite every this many rows, so the driver does not hold a whole backlog. */
    /** SQLite allows 32,766 host parameters; 100 rows × 3 stays far below and amortises the per-execution cost. */
    static final int ROWS_PER_INSERT = 100;
    private static final String MULTI_ROW_INSERT = "INSERT OR IGNORE INTO readings(sensor_key, ts, value) VALUES "
            + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?)"));
    private static final int PRUNE_CHUNK = 5_000;
    private static final long IDLE_POLL_MS = 1_000;
    private static final long MAX_RETRY_DELAY_MS = 5_000;
    /** Errors a later attempt may get past: the disk gets space, a lock is released, the medium comes back. */
    private static final Set<SQLiteErrorCode> TRANSIENT = Set.of(SQLiteErrorCode.SQLITE_FULL,
            SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED,
            SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_NOMEM);

    private final Connection connection;
    private final Path file;
    private final BlockingQueue<WriteTask> queue;
    private final HistoryCounters counters;
    private final PayloadCodec codec;
    private final HistorySettings settings;
    private final Clock clock;

    private final Map<DeviceId, Long> deviceKeys = new HashMap<>();
    private final Map<SensorName, Long> sensorKeys = new HashMap<>();
    /** The rows of a multi-row insert not yet executed, kept for the single-row tail of a batch. */
    private final long[] rowKeys = new long[ROWS_PER_INSERT];
    private final long[] rowTs = new long[ROWS_PER_INSERT];
    private final double[] rowValues = new double[ROWS_PER_INSERT];
    private final List<WriteTask> pending = new ArrayList<>();
    private final RetentionPass retention;
    private long retryDelayMs;
    private boolean stopping;

    private record SensorName(long deviceKey, String sensor) {
    }

    HistoryWriter(Connection connection, Path file, BlockingQueue<WriteTask> queue, HistoryCounters counters,
                  PayloadCodec codec, HistorySettings settings, Clock clock) {
        this.connection = connection;
        this.file = file;
        this.queue = queue;
        this.counters = counters;
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
        this.retention = new RetentionPass(connection, settings, clock, PRUNE_CHUNK);
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
                    }
                }
                if (!pending.isEmpty() && !commitPending()) {
                    freeSpaceIfFull();
                    Thread.sleep(retryDelayMs);
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
            closeQuietly();
        }
    }

    /**
     * A full file (quota or disk) is only cured by deleting: run the retention pass now rather than at its next
     * interval, one chunk per retry, so old readings make room for the batch that is waiting.
     */
    private void freeSpaceIfFull() {
        HistoryWriteException error = counters.lastWriteError.get();
        if (error != null && SQLiteErrorCode.SQLITE_FULL.name().equals(error.sqliteCode())) {
            if (!retention.active()) {
                retention.start(new java.util.concurrent.CompletableFuture<>());
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
            inserted = writeBatch();
            Transactions.commit(connection);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            return onFailure(e, attempted);
        }
        counters.committed.addAndGet(inserted);
        counters.duplicates.addAndGet(attempted - inserted);
        counters.queued.addAndGet(-attempted);
        counters.batches.incrementAndGet();
        retryDelayMs = 0;
        HistoryWriteException previous = counters.lastWriteError.getAndSet(null);
        if (previous != null) {
            log.info("History writes to {} work again", file);
        }
        completeControlTasks();
        return true;
    }

    private long writeBatch() throws SQLException {
        long inserted = 0;
        try (PreparedStatement many = connection.prepareStatement(MULTI_ROW_INSERT);
             PreparedStatement one = connection.prepareStatement(
                     "INSERT OR IGNORE INTO readings(sensor_key, ts, value) VALUES (?, ?, ?)")) {
            int rows = 0;
            for (WriteTask task : pending) {
                if (task instanceof WriteTask.RecordDevice record) {
                    recordDevice(record);
                } else if (task instanceof WriteTask.AppendReadings append) {
                    long deviceKey = deviceKey(append.device());
                    for (Reading reading : append.readings()) {
                        // One statement per ROWS_PER_INSERT readings: sqlite-jdbc pays a JNI step and reset per
                        // execution, which dominated the writer with single-row inserts.
                        int column = (rows % ROWS_PER_INSERT) * 3;
                        long sensorKey = sensorKey(deviceKey, reading.sensor());
                        many.setLong(column + 1, sensorKey);
                        many.setLong(column + 2, reading.ts());
                        many.setDouble(column + 3, reading.value());
                        rowKeys[rows % ROWS_PER_INSERT] = sensorKey;
                        rowTs[rows % ROWS_PER_INSERT] = reading.ts();
                        rowValues[rows % ROWS_PER_INSERT] = reading.value();
                        if (++rows % ROWS_PER_INSERT == 0) {
                            inserted += many.executeUpdate();
                        }
                    }
                }
            }
            int rest = rows % ROWS_PER_INSERT;
            for (int i = 0; i < rest; i++) {
                one.setLong(1, rowKeys[i]);
                one.setLong(2, rowTs[i]);
                one.setDouble(3, rowValues[i]);
                one.addBatch();
            }
            if (rest > 0) {
                inserted += sum(one.executeBatch());
            }
        }
        return inserted;
    }

    private void recordDevice(WriteTask.RecordDevice record) throws SQLException {
        String json = new String(codec.encode(record.info()), StandardCharsets.UTF_8);
        // An info queued later is newer; the timestamp guard only protects against a caller passing an old one.
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO devices(device_id, info_json, last_seen_ms) VALUES (?, ?, ?)
                ON CONFLICT(device_id) DO UPDATE SET
                    info_json = CASE WHEN excluded.last_seen_ms >= devices.last_seen_ms OR devices.info_json IS NULL
                                     THEN excluded.info_json ELSE devices.info_json END,
                    last_seen_ms = MAX(devices.last_seen_ms, excluded.last_seen_ms)""")) {
            upsert.setString(1, record.device().value());
            upsert.setString(2, json);
            upsert.setLong(3, record.seenAtMs());
            upsert.executeUpdate();
        }
        long deviceKey = deviceKey(record.device());
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO sensors(device_key, sensor_id, kind, unit, label, period_ms) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(device_key, sensor_id) DO UPDATE SET
                    kind = excluded.kind, unit = excluded.unit, label = excluded.label,
                    period_ms = excluded.period_ms""")) {
            for (SensorDescriptor sensor : record.info().sensors()) {
                upsert.setLong(1, deviceKey);
                upsert.setString(2, sensor.id());
                upsert.setString(3, sensor.kind());
                upsert.setString(4, sensor.unit());
                upsert.setString(5, sensor.label());
                upsert.setLong(6, sensor.periodMs());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The device's key, creating a bare row (no info yet) when readings arrive first. */
    private long deviceKey(DeviceId device) throws SQLException {
        Long cached = deviceKeys.get(device);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO devices(device_id) VALUES (?) ON CONFLICT(device_id) DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT device_key FROM devices WHERE device_id = ?")) {
            insert.setString(1, device.value());
            insert.executeUpdate();
            select.setString(1, device.value());
            long key = singleLong(select);
            deviceKeys.put(device, key);
            return key;
        }
    }

    /** The sensor's key; a sensor the device never announced still gets a row, since history must not lose data. */
    private long sensorKey(long deviceKey, String sensor) throws SQLException {
        SensorName name = new SensorName(deviceKey, sensor);
        Long cached = sensorKeys.get(name);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sensors(device_key, sensor_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT sensor_key FROM sensors WHERE device_key = ? AND sensor_id = ?")) {
            insert.setLong(1, deviceKey);
            insert.setString(2, sensor);
            insert.executeUpdate();
            select.setLong(1, deviceKey);
            select.setString(2, sensor);
            long key = singleLong(select);
            sensorKeys.put(name, key);
            return key;
        }
    }

    private boolean onFailure(Exception e, int attempted) {
        SQLiteErrorCode code = e instanceof SQLException sql ? primaryCode(sql) : SQLiteErrorCode.UNKNOWN_ERROR;
        boolean retry = TRANSIENT.contains(code);
        HistoryWriteException error = new HistoryWriteException(file, code.name(), retry, e);
        HistoryWriteException previous = counters.lastWriteError.getAndSet(error);
        // Logged once per kind of failure, not once per retry: a full disk would otherwise fill the log too.
        if (previous == null || !previous.sqliteCode().equals(error.sqliteCode())) {
            log.error(error.getMessage(), e);
        }
        if (retry) {
            retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, Math.max(100, retryDelayMs * 2));
            return false;
        }
        counters.dropped.addAndGet(attempted);
        counters.queued.addAndGet(-attempted);
        completeControlTasks();
        return true;
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
        // The keys cached during the failed transaction may name rows that no longer exist.
        deviceKeys.clear();
        sensorKeys.clear();
        Transactions.rollbackQuietly(connection);
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing history file {} failed", file, e);
        }
    }

    static SQLiteErrorCode primaryCode(SQLException e) {
        // Extended codes (SQLITE_IOERR_WRITE…) carry the primary code in their low byte.
        return SQLiteErrorCode.getErrorCode(e.getErrorCode() & 0xff);
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

    private static long sum(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += Math.max(0, count);
        }
        return total;
    }

    private static long singleLong(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("row vanished after insert");
            }
            return rows.getLong(1);
        }
    }
}
