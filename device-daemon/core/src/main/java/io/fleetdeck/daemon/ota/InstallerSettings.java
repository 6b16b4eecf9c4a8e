package io.fleetdeck.daemon.ota;

import java.time.Duration;

/**
 * Knobs of {@link ImageInstaller}.
 *
 * @param attempts        HTTP requests per install before giving up on a failing connection
 * @param retryDelay      pause before the next request after a broken one
 * @param checkpointBytes how many bytes may be lost on power loss: the slot is fsynced and the resume point saved
 *                        every this many bytes
 * @param responseTimeout how long to wait for response headers
 * @param stallTimeout    how long a body may deliver nothing before the connection counts as broken; the JDK client
 *                        has no read timeout of its own and would wait forever on a half-open connection
 * @param maxInstallTime  how long one install's download may take in all, retries included; a server that trickles
 *                        bytes just fast enough to escape the stall timeout is cut off here
 */
public record InstallerSettings(int attempts, Duration retryDelay, long checkpointBytes, Duration responseTimeout,
                                Duration stallTimeout, Duration maxInstallTime) {
    /** Two hours: a 4 GiB image at 1 MB/s, the slowest Wi-Fi a lab Pi sees, takes about 70 minutes. */
    public static final Duration DEFAULT_MAX_INSTALL_TIME = Duration.ofHours(2);

    public InstallerSettings {
        if (attempts < 1 || checkpointBytes < 1) {
            throw new IllegalArgumentException("attempts and checkpointBytes must be positive");
        }
        if (maxInstallTime.isNegative() || maxInstallTime.isZero()) {
            throw new IllegalArgumentException("maxInstallTime must be positive: " + maxInstallTime);
        }
    }

    /** Settings with the default {@link #maxInstallTime}. */
    public InstallerSettings(int attempts, Duration retryDelay, long checkpointBytes, Duration responseTimeout,
                             Duration stallTimeout) {
        this(attempts, retryDelay, checkpointBytes, responseTimeout, stallTimeout, DEFAULT_MAX_INSTALL_TIME);
    }

    public static InstallerSettings defaults() {
        return new InstallerSettings(8, Duration.ofSeconds(2), 16L << 20, Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public InstallerSettings withMaxInstallTime(Duration value) {
        return new InstallerSettings(attempts, retryDelay, checkpointBytes, responseTimeout, stallTimeout, value);
    }
}
