package io.fleetdeck.daemon.config;

import java.nio.file.Path;

/** The config file is missing, unreadable or wrong; names the file and, where there is one, the key. */
public final class ConfigException extends Exception {
    private final Path file;
    private final String key;

    public ConfigException(Path file, String key, String detail, Throwable cause) {
        super(file + (key != null ? ": " + key : "") + ": " + detail, cause);
        this.file = file;
        this.key = key;
    }

    public ConfigException(Path file, String key, String detail) {
        this(file, key, detail, null);
    }

    public Path file() {
        return file;
    }

    /** The offending key, or null when the whole file is the problem. */
    public String key() {
        return key;
    }
}
