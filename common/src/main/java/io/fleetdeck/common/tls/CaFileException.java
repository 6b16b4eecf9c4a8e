package io.fleetdeck.common.tls;

import java.nio.file.Path;

/** A CA certificate file to trust cannot be read or holds no usable certificate; names the file and why. */
public final class CaFileException extends RuntimeException {
    private final Path file;

    public CaFileException(Path file, String reason, Throwable cause) {
        super("CA certificate " + file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
