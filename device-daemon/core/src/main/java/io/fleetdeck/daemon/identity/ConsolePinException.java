package io.fleetdeck.daemon.identity;

import java.nio.file.Path;

/**
 * The console this device was adopted by cannot be told: its pin file exists but cannot be read or is not a valid
 * pin (damaged, tampered with, written by something else), or virtual devices that share one console finder pinned
 * different consoles. A daemon then follows no console at all, since a pin it cannot read must not turn into "any
 * console will do".
 */
public final class ConsolePinException extends Exception {
    private final Path file;

    public ConsolePinException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
    }

    /** The pin file concerned. */
    public Path file() {
        return file;
    }
}
