package io.fleetdeck.bench;

import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.TelemetryEncoding;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryTemplateTest {
    private static final long T0 = 1_764_000_000_000L;
    private final PayloadCodec codec = new PayloadCodec();

    private static List<Reading> sorted(TelemetryBatch batch) {
        return batch.readings().stream().sorted(Comparator.comparing(Reading::sensor).thenComparingLong(Reading::ts))
                .toList();
    }

    @Test
    void bothEncodingsCarryTheSameReadingsWithPatchedSeqAndTimestamps() throws Exception {
        TelemetryTemplate json = new TelemetryTemplate(100, 42, TelemetryEncoding.JSON);
        TelemetryTemplate compact = new TelemetryTemplate(100, 42, TelemetryEncoding.COMPACT);
        for (long seq : new long[]{0, 1, 127, 128, 300_000}) {
            long firstTs = T0 + seq * json.timestampsPerBatch();
            TelemetryBatch fromJson = codec.decodeTelemetry(json.payload(seq, firstTs));
            byte[] compactPayload = compact.payload(seq, firstTs);
            assertThat(TelemetryEncoding.of(compactPayload)).isEqualTo(TelemetryEncoding.COMPACT);
            TelemetryBatch fromCompact = codec.decodeTelemetry(compactPayload);
            assertThat(fromCompact.seq()).isEqualTo(seq);
            assertThat(fromCompact.readings()).hasSize(100);
            assertThat(sorted(fromCompact)).isEqualTo(sorted(fromJson));
            assertThat(fromCompact.readings()).extracting(Reading::ts)
                    .allSatisfy(ts -> assertThat(ts).isBetween(firstTs, firstTs + 24));
        }
    }

    @Test
    void consecutiveBatchesOfADeviceNeverRepeatASensorAndTimestamp() throws Exception {
        TelemetryTemplate compact = new TelemetryTemplate(100, 42, TelemetryEncoding.COMPACT);
        Set<String> seen = new HashSet<>();
        for (long seq = 0; seq < 5; seq++) {
            for (Reading r : codec.decodeTelemetry(compact.payload(seq, T0 + seq * compact.timestampsPerBatch()))
                    .readings()) {
                assertThat(seen.add(r.sensor() + "@" + r.ts())).as(r.toString()).isTrue();
            }
        }
        assertThat(seen).hasSize(500);
    }
}
