package io.fleetdeck.console.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectDelayTest {
    @Test
    void doublesFromHalfASecondUpToFifteen() {
        assertThat(ReconnectDelay.afterFailures(0)).isEqualTo(500);
        assertThat(ReconnectDelay.afterFailures(1)).isEqualTo(1_000);
        assertThat(ReconnectDelay.afterFailures(4)).isEqualTo(8_000);
        assertThat(ReconnectDelay.afterFailures(5)).isEqualTo(15_000);
        assertThat(ReconnectDelay.afterFailures(1_000)).isEqualTo(15_000);
    }
}
