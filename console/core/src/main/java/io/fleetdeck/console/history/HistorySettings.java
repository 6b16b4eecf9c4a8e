package io.fleetdeck.console.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the history store is set up.
 *
 * @param dataDirectory        the directory of {@code fleetdeck.db}; created when missing
 * @param retention            readings older than this (by their timestamp) are pruned; {@link Duration#ZERO} keeps all
 * @param pruneInterval        how often the writer prunes
 * @param queueCapacity        readings expected at most to wait for the writer; beyond it the store reports being
 *                             behind (a soft mark: appends are never dropped)
 * @param maxReadingsPerCommit upper bound of one transaction, so a backlog is committed in steps
 * @param closeTimeout         how long {@code close()} waits for the writer to commit what is queued
 * @param maxFileBytes         a quota for the file (SQLite {@code max_page_count}); 0 for none
 */
public record HistorySettings(Path dataDirectory, Duration retention, Duration pruneInterval, int queueCapacity,
                              int maxReadingsPerCommit, Duration closeTimeout, long maxFileBytes) {

    public static final String FILE_NAME = "fleetdeck.db";

    public HistorySettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(pruneInterval, "pruneInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention is negative: " + retention);
        }
        if (pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("pruneInterval must be positive: " + pruneInterval);
        }
        if (queueCapacity < 1 || maxReadingsPerCommit < 1) {
            throw new IllegalArgumentException("queueCapacity and maxReadingsPerCommit must be positive");
        }
        if (maxFileBytes < 0) {
            throw new IllegalArgumentException("maxFileBytes is negative: " + maxFileBytes);
        }
    }

    /**
     * 30 days of history, pruned every 10 minutes. 250,000 queued readings (~10 MB) ride out several seconds of a
     * stalled disk at fleet rates of thousands of readings per second.
     */
    public static HistorySettings defaults(Path dataDirectory) {
        return new HistorySettings(dataDirectory, Duration.ofDays(30), Duration.ofMinutes(10), 250_000, 50_000,
                Duration.ofSeconds(10), 0);
    }

    public Path file() {
        return dataDirectory.resolve(FILE_NAME);
    }

    public HistorySettings withRetention(Duration value) {
        return new HistorySettings(dataDirectory, value, pruneInterval, queueCapacity, maxReadingsPerCommit,
                closeTimeout, maxFileBytes);
    }

    public HistorySettings withQueueCapacity(int value) {
        return new HistorySettings(dataDirectory, retention, pruneInterval, value, maxReadingsPerCommit,
                closeTimeout, maxFileBytes);
    }

    public HistorySettings withCloseTimeout(Duration value) {
        return new HistorySettings(dataDirectory, retention, pruneInterval, queueCapacity, maxReadingsPerCommit,
                value, maxFileBytes);
    }

    public HistorySettings withMaxFileBytes(long value) {
        return new HistorySettings(dataDirectory, retention, pruneInterval, queueCapacity, maxReadingsPerCommit,
                closeTimeout, value);
    }
}
