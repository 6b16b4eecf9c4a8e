package io.fleetdeck.console.rollout;

import java.util.Objects;
import java.util.Optional;

/**
 * What the operator decides about a release besides the image: the version it promises, its anti-rollback level, and
 * whether devices may go below the level they committed.
 *
 * @param version         the version the release promises; empty to use the library's (guessed from the file name)
 * @param securityVersion the release's security version, 0 or more; devices refuse a release below the highest they
 *                        committed. Explicit, never guessed: 0 unless the operator raises it
 * @param allowDowngrade  the operator allows devices to go below their committed security version; sent signed with
 *                        the pre-flight and the install, and each downgrade is logged for the audit
 */
public record ReleaseOptions(Optional<String> version, int securityVersion, boolean allowDowngrade) {
    public ReleaseOptions {
        Objects.requireNonNull(version, "version");
        if (securityVersion < 0) {
            throw new IllegalArgumentException("security version is negative: " + securityVersion);
        }
    }

    /** A release at security version 0 without downgrades: what a plan without options means. */
    public static ReleaseOptions of(Optional<String> version) {
        return new ReleaseOptions(version, 0, false);
    }
}
