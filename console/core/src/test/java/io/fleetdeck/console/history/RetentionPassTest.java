package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.fleetdeck.console.history.SqliteReadingStoreTest.readings;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention on chunks, through the real store. */
class RetentionPassTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long NOW = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final long CUTOFF = NOW - Duration.ofDays(30).toMillis();

    @TempDir
    Path dir;

    @Test
    void deletesWholeChunksOlderThanTheCutoffAndKeepsOneStraddlingIt() throws Exception {
        try (SqliteReadingStore store = open()) {
            // One chunk wholly before the cutoff, then one from 30 s before to 20 s after it.
            store.append(PI, readings("cpu_temp", CUTOFF - 600_000, 50, 1000));
            store.flush();
            store.append(PI, readings("cpu_temp", CUTOFF - 30_000, 50, 1000));
            store.flush();
            assertThat(StoredChunks.of(store.file()).of("cpu_temp")).hasSize(2);

            long deleted = store.pruneNow().get(30, TimeUnit.SECONDS);

            assertThat(deleted).isEqualTo(50);
            assertThat(StoredChunks.of(store.file()).of("cpu_temp")).singleElement()
                    .satisfies(chunk -> assertThat(chunk.startTs()).isEqualTo(CUTOFF - 30_000));
            assertThat(store.readingCount(PI)).isEqualTo(50);
        }
    }

    @Test
    void keepsWritingASensorWhoseOpenChunkWasPruned() throws Exception {
        try (SqliteReadingStore store = open()) {
            store.append(PI, readings("cpu_temp", CUTOFF - 600_000, 10, 1000));
            store.flush();
            assertThat(store.pruneNow().get(30, TimeUnit.SECONDS)).isEqualTo(10);

            // The open chunk's row is gone: these go into a new chunk instead of updating nothing.
            store.append(PI, readings("cpu_temp", CUTOFF - 590_000, 5, 1000));
            store.append(PI, List.of(new Reading("cpu_temp", NOW, 1.0)));
            store.flush();

            assertThat(store.readingCount(PI)).isEqualTo(6);
            assertThat(store.history(PI, "cpu_temp", 0, Long.MAX_VALUE, 100)).hasSize(6);
        }
    }

    private SqliteReadingStore open() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        return SqliteReadingStore.open(HistorySettings.defaults(dir).withRetention(Duration.ofDays(30)),
                new PayloadCodec(), clock, SchemaMigrations.standard());
    }
}
