package io.fleetdeck.console.ingest;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResentBatchesTest {
    private static final DeviceId PI = DeviceId.of("pi-0001");
    private final ResentBatches resent = new ResentBatches();

    private static TelemetryBatch batch(long seq, long ts) {
        return new TelemetryBatch(seq, List.of(new Reading("soc", ts, 40.0)));
    }

    @Test
    void theSameBatchAgainIsARepeat() {
        assertThat(resent.isRepeat(PI, batch(7, 100))).isFalse();
        assertThat(resent.isRepeat(PI, batch(7, 100))).isTrue();
        assertThat(resent.isRepeat(PI, batch(7, 100))).as("redelivered twice").isTrue();
    }

    @Test
    void recentBatchesAreRememberedOutOfOrder() {
        for (long seq = 0; seq < 20; seq++) {
            resent.isRepeat(PI, batch(seq, 1000 + seq));
        }
        assertThat(resent.isRepeat(PI, batch(12, 1012))).isTrue();
        assertThat(resent.isRepeat(PI, batch(20, 1020))).isFalse();
    }

    @Test
    void aBatchOlderThanTheWindowIsForgottenRatherThanMistakenForANewOne() {
        resent.isRepeat(PI, batch(0, 1));
        resent.isRepeat(PI, batch(ResentBatches.WINDOW, 2));
        assertThat(resent.isRepeat(PI, batch(ResentBatches.WINDOW, 2))).isTrue();
        assertThat(resent.isRepeat(PI, batch(0, 1))).as("its slot now holds a newer batch").isFalse();
    }
}
