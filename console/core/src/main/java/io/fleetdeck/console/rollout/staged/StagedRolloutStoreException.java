package io.fleetdeck.console.rollout.staged;

import java.nio.file.Path;

/** The staged rollout tables in {@code firmware.db} could not be opened, read or written. */
public final class StagedRolloutStoreException extends RuntimeException {
    private final transient Path file;

    public StagedRolloutStoreException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
