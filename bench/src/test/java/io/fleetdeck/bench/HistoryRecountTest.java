package io.fleetdeck.bench;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryRecountTest {

    @Test
    void countsEveryDistinctReadingInAClosedConsolesFileOnce(@TempDir Path data) throws Exception {
        List<Reading> batch = List.of(new Reading("temperature", 1_000, 21.5), new Reading("temperature", 1_010, 21.6),
                new Reading("humidity", 1_000, 40.0));
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(data))) {
            store.append(DeviceId.of("dev-0001"), batch);
            // A QoS 1 redelivery of the same batch, and another device's readings at the same instants.
            store.append(DeviceId.of("dev-0001"), batch);
            store.append(DeviceId.of("dev-0002"), batch);
            store.flush();
        }

        HistoryRecount.Counted counted = HistoryRecount.count(data);

        assertThat(counted.table()).isEqualTo("chunks");
        assertThat(counted.distinct()).isEqualTo(6);
        assertThat(counted.duplicates()).isZero();
        assertThat(counted.fileBytes()).isEqualTo(Files.size(HistorySettings.defaults(data).file()));
        assertThat(counted.bytesPerReading()).isEqualTo(counted.fileBytes() / 6.0);
    }

    @Test
    void refusesADirectoryWithoutHistory(@TempDir Path data) {
        assertThatThrownBy(() -> HistoryRecount.count(data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no history file");
    }

    @Test
    void countsATimestampSeenTwiceOnceWhateverTheOrder() {
        HistoryRecount.TimestampSet seen = new HistoryRecount.TimestampSet();
        for (long ts : new long[]{5, 3, 5, 1, 3, 3}) {
            seen.add(ts);
        }

        assertThat(seen.distinct()).isEqualTo(3);
    }

    @Test
    void growsPastItsFirstCapacity() {
        HistoryRecount.TimestampSet seen = new HistoryRecount.TimestampSet();
        for (long ts = 0; ts < 5_000; ts++) {
            seen.add(ts % 2_500);
        }

        assertThat(seen.distinct()).isEqualTo(2_500);
    }
}
