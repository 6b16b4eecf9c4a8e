package io.fleetdeck.console.history;

import java.nio.file.Path;

/** A read from the history file failed; carries the file and what was being read. */
public final class HistoryQueryException extends RuntimeException {
    private final Path file;

    public HistoryQueryException(Path file, String query, Throwable cause) {
        super("cannot read " + query + " from history file " + file + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
