package io.fleetdeck.daemon.mqtt;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {
    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(7));
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(250L, 500L);
    }

    @Test
    void neverOverflowsAfterManyAttempts() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(7));
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.next().toMillis()).isBetween(1L, 30_000L);
        }
    }
}
