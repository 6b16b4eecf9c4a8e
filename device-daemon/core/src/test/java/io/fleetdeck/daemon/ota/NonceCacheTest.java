package io.fleetdeck.daemon.ota;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NonceCacheTest {
    @Test
    void refusesANonceSeenBeforeUntilItExpires() {
        NonceCache cache = new NonceCache(8);

        assertThat(cache.add("n1", 1_000, 0)).isTrue();
        assertThat(cache.add("n1", 1_000, 500)).isFalse();
        assertThat(cache.add("n2", 2_000, 1_001)).isTrue();
        assertThat(cache.size()).as("n1 pruned once past its expiry").isEqualTo(1);
    }

    @Test
    void staysBoundedByForgettingWhatExpiresFirst() {
        NonceCache cache = new NonceCache(2);
        cache.add("late", 9_000, 0);
        cache.add("soon", 1_000, 0);

        assertThat(cache.add("third", 5_000, 0)).isTrue();

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.add("late", 9_000, 0)).isFalse();
        assertThat(cache.add("soon", 1_000, 0)).as("forgotten to make room").isTrue();
    }
}
