package io.fleetdeck.daemon.ota;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a trial boot must show before it is committed, and how the wait for it ends. */
class HealthWatchTest {
    private final TestSignals signals = new TestSignals();
    private final HealthWatch watch = new HealthWatch();

    HealthWatchTest() {
        watch.attach(signals);
    }

    @Test
    void namesTheSensorsWithoutAnAcknowledgedReading() throws Exception {
        signals.acknowledged.add("temp");

        assertThat(watch.awaitHealthy(Duration.ofMillis(1)))
                .isEqualTo("no acknowledged reading from sensors [humidity, pressure]");
    }

    @Test
    void aTrialOffTheBrokerLacksTheBrokerWhateverItsSensorsDid() throws Exception {
        signals.connected = false;
        signals.acknowledged.addAll(signals.sensors());

        assertThat(watch.awaitHealthy(Duration.ofMillis(1))).isEqualTo("not connected to the broker");
    }

    @Test
    void waitsUntilTheLastSensorIsAcknowledged() throws Exception {
        signals.acknowledged.addAll(List.of("temp", "humidity"));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            signals.acknowledged.add("pressure");
        });

        assertThat(watch.awaitHealthy(Duration.ofSeconds(30))).isNull();
    }

    @Test
    void anInterruptedWaitStopsAtOnce() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> watch.awaitHealthy(Duration.ofSeconds(30)))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theWaitForTheBrokerEndsAsSoonAsTheDeviceIsConnected() {
        long start = System.nanoTime();
        watch.awaitBroker();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
