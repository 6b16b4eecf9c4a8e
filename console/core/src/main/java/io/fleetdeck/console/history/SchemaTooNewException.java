package io.fleetdeck.console.history;

import java.nio.file.Path;

/**
 * The history file was written by a newer console: its schema version is above the newest this code knows. Opening
 * it anyway could corrupt data the newer version relies on, so the store refuses; the technician either upgrades the
 * console or points it at another data directory.
 */
public final class SchemaTooNewException extends RuntimeException {
    private final Path file;
    private final int foundVersion;
    private final int supportedVersion;

    public SchemaTooNewException(Path file, int foundVersion, int supportedVersion) {
        super("history file " + file + " has schema version " + foundVersion + " but this console supports up to "
                + supportedVersion + "; upgrade the console or use another data directory");
        this.file = file;
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    public Path file() {
        return file;
    }

    public int foundVersion() {
        return foundVersion;
    }

    public int supportedVersion() {
        return supportedVersion;
    }
}
