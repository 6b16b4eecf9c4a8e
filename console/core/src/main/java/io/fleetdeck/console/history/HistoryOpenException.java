package io.fleetdeck.console.history;

import java.nio.file.Path;

/** The history file could not be opened or migrated: not a database, unreadable directory, failed migration… */
public final class HistoryOpenException extends RuntimeException {
    private final Path file;

    public HistoryOpenException(Path file, String reason, Throwable cause) {
        super("cannot open history file " + file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
