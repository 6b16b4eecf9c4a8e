package io.fleetdeck.console.storage;

import java.nio.file.Path;

/** {@code fleet.db} could not be opened, read or written; names the file and what was being done. */
public final class FleetDatabaseException extends RuntimeException {
    private final transient Path file;

    public FleetDatabaseException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
