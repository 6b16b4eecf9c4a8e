package io.fleetdeck.daemon.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th delay is drawn from [d/2, d] with d = min(cap, initial·2ⁿ). The jitter
 * keeps a fleet that lost its broker at the same moment from reconnecting in lockstep.
 */
public final class ReconnectBackoff {
    private final long initialMs;
    private final long capMs;
    private final RandomGenerator random;
    private int attempt;

    public ReconnectBackoff(Duration initial, Duration cap, RandomGenerator random) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.capMs = Math.max(initialMs, cap.toMillis());
        this.random = Objects.requireNonNull(random, "random");
    }

    public Duration next() {
        long ceiling = initialMs << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > capMs) {
            ceiling = capMs;
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** Attempts since the last success. */
    public int attempts() {
        return attempt;
    }

    public void reset() {
        attempt = 0;
    }
}
