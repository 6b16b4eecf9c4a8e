package io.fleetdeck.console.broker.auth;

import java.nio.file.Path;

/** A file of the external Mosquitto's configuration could not be written or handed to the broker's user. */
public final class MosquittoConfigException extends RuntimeException {
    private final Path file;

    public MosquittoConfigException(Path file, String reason, Throwable cause) {
        super("cannot write " + file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
