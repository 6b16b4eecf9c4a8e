package io.fleetdeck.daemon.ota;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of {@link FirmwareUpdater}.
 *
 * @param installer     download retries, checkpoints and timeouts
 * @param healthTimeout how long a trial boot may take to be back on the broker with a reading from every sensor
 */
public record OtaSettings(InstallerSettings installer, Duration healthTimeout) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);

    public OtaSettings {
        Objects.requireNonNull(installer, "installer");
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("health timeout must be positive: " + healthTimeout);
        }
    }

    public static OtaSettings defaults() {
        return new OtaSettings(InstallerSettings.defaults(), DEFAULT_HEALTH_TIMEOUT);
    }

    public OtaSettings withHealthTimeout(Duration timeout) {
        return new OtaSettings(installer, timeout);
    }
}
