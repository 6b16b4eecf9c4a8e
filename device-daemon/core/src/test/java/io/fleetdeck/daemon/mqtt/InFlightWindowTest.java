package io.fleetdeck.daemon.mqtt;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightWindowTest {
    @Test
    void blocksAtTheLimitUntilAnAckReleases() throws Exception {
        InFlightWindow window = new InFlightWindow(2);
        window.acquire();
        window.acquire();
        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                window.acquire();
                third.countDown();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(third.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
        window.release();
        assertThat(third.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        waiter.join();
        assertThat(window.inFlight()).isEqualTo(2);
        assertThat(window.awaitEmpty(10)).isFalse();
        window.release();
        window.release();
        assertThat(window.awaitEmpty(10)).isTrue();
    }
}
