package io.fleetdeck.console.history;

import io.fleetdeck.console.storage.SqliteQuarantine;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ReadingStore} in one SQLite file ({@code fleetdeck.db} in the data directory).
 *
 * <p>Queue policy: appends never block and are never dropped. Blocking would stall the MQTT callback thread, and
 * with it presence and command responses of the whole fleet; dropping would lose readings the device believes
 * delivered. What bounds the queue is upstream: the console acknowledges a message only in its {@code whenCommitted}
 * callback, and the broker sends no more than the receive maximum unacknowledged. {@link
 * HistorySettings#queueCapacity()} is only a soft mark: past it the store logs once that history is behind and
 * {@link HistoryHealth#behind()} says so. Only readings that cannot be written at all (a permanent write error, or
 * appended after close) are counted in {@link #droppedReadings()}.
 *
 * <p>Write errors never reach callers: a transient one (disk full, I/O error, lock) keeps the batch and retries it
 * with a growing delay; {@link #health()} shows it.
 */
public final class SqliteReadingStore implements ReadingStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteReadingStore.class);
    private static final int READER_CONNECTIONS = 2;

    private final HistorySettings settings;
    private final Path file;
    private final BlockingQueue<WriteTask> queue;
    private final HistoryCounters counters;
    private final HistoryQueries queries;
    private final Thread writerThread;
    private final Optional<Path> corruptFileMovedTo;
    private volatile boolean closed;

    private SqliteReadingStore(HistorySettings settings, BlockingQueue<WriteTask> queue, HistoryCounters counters,
                               HistoryWriter historyWriter, HistoryQueries queries,
                               Optional<Path> corruptFileMovedTo) {
        this.settings = settings;
        this.queue = queue;
        this.counters = counters;
        this.corruptFileMovedTo = corruptFileMovedTo;
        this.file = settings.file();
        this.queries = queries;
        this.writerThread = Thread.ofPlatform().name("history-writer").daemon(true).unstarted(historyWriter);
        writerThread.start();
    }

    /** Opens (creating or migrating) the history in {@code settings.dataDirectory()}. */
    public static SqliteReadingStore open(HistorySettings settings) {
        return open(settings, new PayloadCodec(), Clock.systemUTC(), SchemaMigrations.standard());
    }

    /**
     * @param codec      encodes stored device descriptions
     * @param clock      what "now" is for retention
     * @param migrations the schema this store expects
     * @throws SchemaTooNewException when the file was written by a newer console
     * @throws HistoryOpenException  when the file cannot be opened or migrated
     */
    public static SqliteReadingStore open(HistorySettings settings, PayloadCodec codec, Clock clock,
                                          SchemaMigrations migrations) {
        Path file = settings.file();
        Connection writer = null;
        try {
            Files.createDirectories(settings.dataDirectory());
            Optional<Path> movedAside = SqliteQuarantine.checkOrMoveAside(file, clock);
            writer = SqliteConnections.openWriter(file);
            requireWal(writer, file);
            int before = migrations.migrate(writer, file);
            if (migrations.latestVersion() >= ReadingsToChunks.SCHEMA_VERSION) {
                ReadingsToChunks.convert(writer, file);
            }
            if (settings.maxFileBytes() > 0) {
                limitFileSize(writer, settings.maxFileBytes());
            }
            BlockingQueue<WriteTask> queue = new LinkedBlockingQueue<>();
            HistoryCounters counters = new HistoryCounters();
            HistoryWriter historyWriter = new HistoryWriter(writer, file, queue, counters, codec, settings, clock);
            HistoryQueries queries = new HistoryQueries(file, codec, READER_CONNECTIONS);
            log.info("History opened: {} (schema v{}, was v{})", file, migrations.latestVersion(), before);
            return new SqliteReadingStore(settings, queue, counters, historyWriter, queries, movedAside);
        } catch (SchemaTooNewException e) {
            closeQuietly(writer);
            throw e;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(writer);
            throw new HistoryOpenException(file, e.getMessage(), e);
        }
    }

    @Override
    public void append(DeviceId device, List<Reading> readings, Runnable whenCommitted) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(whenCommitted, "whenCommitted");
        List<Reading> copy = List.copyOf(readings);
        if (copy.isEmpty()) {
            whenCommitted.run();
            return;
        }
        if (closed) {
            long total = counters.dropped.addAndGet(copy.size());
            log.warn("History {} is closed: {} readings of {} not stored ({} lost in total)", file, copy.size(),
                    device, total);
            return;
        }
        long queued = counters.queued.addAndGet(copy.size());
        if (queued > settings.queueCapacity() && counters.behind.compareAndSet(false, true)) {
            log.warn("History is behind: {} readings queued for {}, more than the {} expected; nothing is dropped, "
                    + "the console should be acknowledging fewer messages", queued, file, settings.queueCapacity());
        }
        queue.add(new WriteTask.AppendReadings(device, copy, whenCommitted));
    }

    @Override
    public void recordDevice(DeviceId device, DeviceInfo info, long seenAtMs) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(info, "info");
        if (closed) {
            log.debug("History of {} closed; description of {} not stored", file, device);
            return;
        }
        queue.add(new WriteTask.RecordDevice(device, info, seenAtMs));
    }

    @Override
    public List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints) {
        return queries.history(device, sensor, fromMs, toMs, maxPoints);
    }

    @Override
    public List<StoredDevice> devices() {
        return queries.devices();
    }

    @Override
    public long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor) {
        return queries.scan(device, sensor, fromMs, toMs, visitor);
    }

    @Override
    public List<String> sensors(DeviceId device) {
        return queries.sensors(device);
    }

    /** Readings of {@code device} in the file now (a query, unlike {@link #committedReadings()}). */
    public long readingCount(DeviceId device) {
        return queries.readingCount(device);
    }

    /** Cheap with chunks (a sum over chunk counts), so exports can show a real progress bar. */
    @Override
    public OptionalLong estimatedReadings(DeviceId device) {
        return OptionalLong.of(readingCount(device));
    }

    /** Readings of every device in the file now. */
    public long readingCount() {
        return queries.readingCount();
    }

    /**
     * Bytes of the file's pages in use (free pages not counted), as a reader sees it now; divided by
     * {@link #readingCount()} it gives the bytes per stored reading.
     */
    public long storedBytes() {
        return queries.storedBytes();
    }

    @Override
    public void flush() throws InterruptedException {
        try {
            enqueueFlush().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("history store " + file + " closed before the flush", e.getCause());
        }
    }

    /** Like {@link #flush()} but gives up after {@code timeout}; returns whether everything was committed. */
    public boolean flush(Duration timeout) throws InterruptedException {
        try {
            enqueueFlush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /**
     * Runs a retention pass now instead of waiting for the next one.
     *
     * @return completes with the number of readings deleted
     */
    public CompletableFuture<Long> pruneNow() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closed) {
            done.cancel(false);
        } else {
            queue.add(new WriteTask.Prune(done));
        }
        return done;
    }

    @Override
    public long committedReadings() {
        return counters.committed.get();
    }

    /** Readings lost because a batch could not be written (a permanent error), or appended after close. */
    public long droppedReadings() {
        return counters.dropped.get();
    }

    public HistoryHealth health() {
        return new HistoryHealth(file, counters.committed.get(), counters.duplicates.get(), counters.dropped.get(),
                counters.queued.get(), counters.batches.get(), counters.lastWriteError.get(), corruptFileMovedTo,
                counters.behind.get());
    }

    public Path file() {
        return file;
    }

    /**
     * Commits what is queued, waiting at most {@link HistorySettings#closeTimeout()}; a writer still stuck on a write
     * error after that is stopped and what it held is counted as dropped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new WriteTask.Stop());
        try {
            writerThread.join(settings.closeTimeout().toMillis());
            if (writerThread.isAlive()) {
                log.warn("History writer of {} did not finish within {}; stopping it", file, settings.closeTimeout());
                writerThread.interrupt();
                writerThread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writerThread.interrupt();
        } finally {
            queries.close();
            log.info("History closed: {} ({} readings committed, {} dropped)", file, committedReadings(),
                    droppedReadings());
        }
    }

    private CompletableFuture<Void> enqueueFlush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed && !writerThread.isAlive()) {
            done.completeExceptionally(new IllegalStateException("closed"));
        } else {
            queue.add(new WriteTask.Flush(done));
        }
        return done;
    }

    private static void requireWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
            String mode = rows.next() ? rows.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                // e.g. a network file system: still correct, only readers now wait for the writer.
                log.warn("History file {} is in journal mode {}, not WAL; queries will block during writes", file,
                        mode);
            }
        }
    }

    private static void limitFileSize(Connection connection, long maxBytes) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long pageSize;
            try (ResultSet rows = statement.executeQuery("PRAGMA page_size")) {
                pageSize = rows.next() ? rows.getLong(1) : 4096;
            }
            statement.execute("PRAGMA max_page_count = " + Math.max(1, maxBytes / pageSize));
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing after a failed open", e);
        }
    }
}
