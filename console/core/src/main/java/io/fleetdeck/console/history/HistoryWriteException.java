package io.fleetdeck.console.history;

import java.nio.file.Path;

/**
 * The writer could not commit a batch. Not thrown to callers (they never wait for the disk); it is what
 * {@link HistoryHealth#lastWriteError()} reports so the UI can say "history disk full" with the file's path.
 */
public final class HistoryWriteException extends RuntimeException {
    private final Path file;
    private final String sqliteCode;
    private final boolean retrying;

    public HistoryWriteException(Path file, String sqliteCode, boolean retrying, Throwable cause) {
        super("cannot write history file " + file + " (" + sqliteCode + "): " + cause.getMessage()
                + (retrying ? "; the batch is kept and retried" : "; the batch was dropped"), cause);
        this.file = file;
        this.sqliteCode = sqliteCode;
        this.retrying = retrying;
    }

    public Path file() {
        return file;
    }

    /** SQLite's primary result code name, e.g. {@code SQLITE_FULL}. */
    public String sqliteCode() {
        return sqliteCode;
    }

    /** True when the batch is kept and retried (disk full, I/O error, busy); false when it was dropped. */
    public boolean retrying() {
        return retrying;
    }
}
