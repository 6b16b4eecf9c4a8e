package io.fleetdeck.console.rollout;

import java.nio.file.Path;

/** The job table in {@code firmware.db} could not be opened, read or written. */
public final class JobStoreException extends RuntimeException {
    private final transient Path file;

    public JobStoreException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
