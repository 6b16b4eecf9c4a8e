package io.fleetdeck.console.history;

import java.nio.file.Path;

/** A reader was pointed at a history file that does not exist; it refuses rather than create an empty one. */
public final class HistoryFileMissingException extends RuntimeException {
    private final Path file;

    public HistoryFileMissingException(Path file) {
        super("no history file " + file + " (is --data the console's data directory?)");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
