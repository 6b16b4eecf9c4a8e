package io.fleetdeck.console.firmware;

import java.nio.file.Path;

/** The library's database or directory failed outside an import: opening, listing, editing an entry. */
public final class FirmwareLibraryException extends RuntimeException {
    private final Path file;

    public FirmwareLibraryException(Path file, String detail, Throwable cause) {
        super("firmware library " + file + ": " + detail, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
