package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code fd-exp} of the last install this device accepted, in {@code <stateDir>/install-freshness.properties}
 * next to the job file. An install must expire later than that one ({@code STALE} otherwise): a copy of an old
 * install is refused after a restart (which empties the {@link NonceCache}) and on a clock that was never set (where
 * the expiry check is skipped), as long as the console's clock moves forward.
 */
final class InstallFreshness {
    static final String FILE = "install-freshness.properties";
    private static final String KEY = "lastAcceptedExp";

    private final Path file;

    InstallFreshness(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    /** The expiry of the last accepted install, 0 when there was none. */
    long lastAccepted() throws IOException {
        String value = DurableFiles.readProperties(file).map(p -> p.getProperty(KEY)).orElse("0");
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds no number: " + value, e);
        }
    }

    /** Records an accepted install's expiry; crash-safe, and done before the job is saved, so never behind it. */
    void record(long expiresMs) throws IOException {
        Properties p = new Properties();
        p.setProperty(KEY, Long.toString(expiresMs));
        DurableFiles.replace(file, p);
    }
}
