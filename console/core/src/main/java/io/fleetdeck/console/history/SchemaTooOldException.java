package io.fleetdeck.console.history;

import java.nio.file.Path;

/**
 * A reader that must not write (the export command) met a history file of an older schema: only the console migrates,
 * so the technician opens the file once with the console and retries.
 */
public final class SchemaTooOldException extends RuntimeException {
    private final Path file;
    private final int foundVersion;
    private final int expectedVersion;

    public SchemaTooOldException(Path file, int foundVersion, int expectedVersion) {
        super("history file " + file + " has schema version " + foundVersion + " but this console reads version "
                + expectedVersion + "; open it once with the console to migrate");
        this.file = file;
        this.foundVersion = foundVersion;
        this.expectedVersion = expectedVersion;
    }

    public Path file() {
        return file;
    }

    public int foundVersion() {
        return foundVersion;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
