package io.fleetdeck.daemon.identity;

import java.nio.file.Path;

/** The device id could not be determined or persisted; names the file involved. */
public final class IdentityException extends Exception {
    private final Path path;

    public IdentityException(Path path, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
