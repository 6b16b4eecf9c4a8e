package io.fleetdeck.console.tls;

import java.nio.file.Path;

/**
 * The console's TLS material cannot be read, made or written: names the file, so the operator knows what to restore
 * or move aside. A damaged CA is never replaced on its own, because devices trust exactly that CA.
 */
public final class TlsMaterialException extends RuntimeException {
    private final Path file;

    public TlsMaterialException(Path file, String reason, Throwable cause) {
        super("TLS material " + file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
