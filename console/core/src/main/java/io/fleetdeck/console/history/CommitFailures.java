package io.fleetdeck.console.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;

/**
 * What a failed commit means for its batch: kept and retried with a growing delay when a later attempt may get past
 * the error, dropped otherwise. The last error is what {@link HistoryHealth} shows; it is logged once per kind of
 * failure, not once per retry. Writer thread only.
 */
final class CommitFailures {
    /** Under the writer's name, as the console's log has always shown history writes. */
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    private static final long MAX_RETRY_DELAY_MS = 5_000;
    /** Errors a later attempt may get past: the disk gets space, a lock is released, the medium comes back. */
    private static final Set<SQLiteErrorCode> TRANSIENT = Set.of(SQLiteErrorCode.SQLITE_FULL,
            SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED,
            SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_NOMEM);

    private final Path file;
    private final HistoryCounters counters;
    private long retryDelayMs;

    CommitFailures(Path file, HistoryCounters counters) {
        this.file = file;
        this.counters = counters;
    }

    /** Records why a commit failed; returns true when the batch should be kept and retried after {@link #delayMs}. */
    boolean retryLater(Exception e) {
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
        }
        return retry;
    }

    /** How long to wait before retrying the kept batch. */
    long delayMs() {
        return retryDelayMs;
    }

    /** A commit went through: the next failure starts with a short delay again, and health shows no error. */
    void committed() {
        retryDelayMs = 0;
        HistoryWriteException previous = counters.lastWriteError.getAndSet(null);
        if (previous != null) {
            log.info("History writes to {} work again", file);
        }
    }

    /** Whether the last commit failed because the file (quota or disk) is full. */
    boolean diskFull() {
        HistoryWriteException error = counters.lastWriteError.get();
        return error != null && SQLiteErrorCode.SQLITE_FULL.name().equals(error.sqliteCode());
    }

    static SQLiteErrorCode primaryCode(SQLException e) {
        // Extended codes (SQLITE_IOERR_WRITE…) carry the primary code in their low byte.
        return SQLiteErrorCode.getErrorCode(e.getErrorCode() & 0xff);
    }
}
