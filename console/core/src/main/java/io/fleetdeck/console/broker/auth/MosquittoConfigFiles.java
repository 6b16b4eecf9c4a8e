package io.fleetdeck.console.broker.auth;

import java.nio.file.Path;

/**
 * What {@link MosquittoSecurityConfig#write} wrote: absolute paths, and how many devices may now connect.
 *
 * @param snippet the {@code .conf} file for Mosquitto's {@code include_dir}
 */
public record MosquittoConfigFiles(Path directory, Path passwordFile, Path aclFile, Path snippet, int devices) {
    /**
     * The line that makes Mosquitto read {@link #snippet}. Mosquitto has no single-file include, only
     * {@code include_dir}, which loads the {@code *.conf} files of a directory; {@code passwd}, {@code acl} and the
     * writer's temporary {@code .*.tmp} files do not end in {@code .conf}, so only the snippet is read as config.
     */
    public String includeLine() {
        return "include_dir " + directory;
    }
}
