package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fleetdeck.console.history.SqliteReadingStoreTest.readings;
import static org.assertj.core.api.Assertions.assertThat;

/** The chunk shape the writer gives the file, through the real store on a real file. */
class ChunkAppenderTest {
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void sealsAChunkAtItsMaximumCountAndTheNextReadingStartsANewOne() throws Exception {
        int readings = 2 * OpenChunk.MAX_COUNT + 1;
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            // 1 ms apart, so the count seals before the span; appended in small batches over several commits.
            for (int i = 0; i < readings; i += 100) {
                store.append(PI, readings("cpu_temp", T0 + i, Math.min(100, readings - i), 1));
                store.flush();
            }
            assertThat(store.readingCount(PI)).isEqualTo(readings);
        }

        assertThat(StoredChunks.of(dir.resolve("fleetdeck.db")).of("cpu_temp"))
                .extracting(StoredChunks.Row::count)
                .containsExactly(OpenChunk.MAX_COUNT, OpenChunk.MAX_COUNT, 1);
    }

    @Test
    void aReadingExactlyAtTheSpanBoundaryStartsTheNextChunk() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, List.of(new Reading("cpu_temp", T0, 1),
                    new Reading("cpu_temp", T0 + OpenChunk.MAX_SPAN_MS - 1, 2),
                    new Reading("cpu_temp", T0 + OpenChunk.MAX_SPAN_MS, 3)));
            store.flush();
        }

        assertThat(StoredChunks.of(dir.resolve("fleetdeck.db")).of("cpu_temp")).containsExactly(
                new StoredChunks.Row("pi-1", "cpu_temp", T0, T0 + OpenChunk.MAX_SPAN_MS - 1, 2),
                new StoredChunks.Row("pi-1", "cpu_temp", T0 + OpenChunk.MAX_SPAN_MS, T0 + OpenChunk.MAX_SPAN_MS, 1));
    }

    @Test
    void storesEachCommitsNewReadingsOnceAndPacksTheOpenChunkWhenTheStoreCloses() throws Exception {
        Path file = dir.resolve("fleetdeck.db");
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            for (int i = 0; i < 10; i++) {
                store.append(PI, List.of(new Reading("cpu_temp", T0 + i * 1000L, i)));
                store.flush();
            }
            assertThat(store.history(PI, "cpu_temp", T0, T0 + 9000, 100)).extracting(Reading::value)
                    .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
            // One fragment a commit while the chunk is open: nothing already in the file is written again.
            assertThat(StoredChunks.of(file).of("cpu_temp")).extracting(StoredChunks.Row::count)
                    .containsOnly(1).hasSize(10);
        }

        assertThat(StoredChunks.of(dir.resolve("fleetdeck.db")).of("cpu_temp"))
                .containsExactly(new StoredChunks.Row("pi-1", "cpu_temp", T0, T0 + 9000, 10));
    }

    @Test
    void aFileLeftWithFragmentsByACrashHoldsEveryCommittedReadingAndGoesOnFromThem() throws Exception {
        List<Reading> sent = readings("cpu_temp", T0, 1500, 1);
        Path crashed = dir.resolve("crashed");
        java.nio.file.Files.createDirectories(crashed);
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            for (int i = 0; i < sent.size(); i += 7) {
                store.append(PI, sent.subList(i, Math.min(sent.size(), i + 7)));
                store.flush();
            }
            // What a kill -9 leaves: the file as of the last commit, open chunks as fragments, nothing packed.
            for (String name : List.of("fleetdeck.db", "fleetdeck.db-wal", "fleetdeck.db-shm")) {
                Path file = dir.resolve(name);
                if (java.nio.file.Files.exists(file)) {
                    java.nio.file.Files.copy(file, crashed.resolve(name));
                }
            }
        }
        assertThat(StoredChunks.of(crashed.resolve("fleetdeck.db")).of("cpu_temp")).extracting(StoredChunks.Row::count)
                .startsWith(1000).hasSizeGreaterThan(2);

        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(crashed))) {
            store.append(PI, sent.subList(1400, 1500)); // the device re-sends what it was not sure of
            store.append(PI, readings("cpu_temp", T0 + 1500, 10, 1));
            store.flush();
            assertThat(store.history(PI, "cpu_temp", T0, T0 + 1509, 5000)).extracting(Reading::ts)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(T0, T0 + 1510).boxed().toList());
            assertThat(store.health().duplicateReadings()).isEqualTo(100);
        }
        assertThat(StoredChunks.of(crashed.resolve("fleetdeck.db")).of("cpu_temp"))
                .extracting(StoredChunks.Row::count).contains(1000, 10);
    }

    @Test
    void sortsAnOutOfOrderBatch() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, List.of(new Reading("cpu_temp", T0 + 3000, 3), new Reading("cpu_temp", T0, 0),
                    new Reading("cpu_temp", T0 + 2000, 2), new Reading("cpu_temp", T0 + 1000, 1)));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 3000, 100)).extracting(Reading::value)
                    .containsExactly(0.0, 1.0, 2.0, 3.0);
            assertThat(store.committedReadings()).isEqualTo(4);
        }
    }

    @Test
    void storesReadingsOlderThanTheNewestStoredOnesBesideThem() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, List.of(new Reading("cpu_temp", T0, 0), new Reading("cpu_temp", T0 + 2000, 2),
                    new Reading("cpu_temp", T0 + 4000, 4)));
            store.flush();
            // Late: between stored ones, one of them a duplicate, one before everything.
            store.append(PI, List.of(new Reading("cpu_temp", T0 + 1000, 1), new Reading("cpu_temp", T0 + 2000, 99),
                    new Reading("cpu_temp", T0 - 1000, -1), new Reading("cpu_temp", T0 + 5000, 5)));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0 - 1000, T0 + 5000, 100)).extracting(Reading::value)
                    .containsExactly(-1.0, 0.0, 1.0, 2.0, 4.0, 5.0);
            assertThat(store.committedReadings()).isEqualTo(6);
            assertThat(store.health().duplicateReadings()).isEqualTo(1);
        }
    }

    @Test
    void keepsTheFirstOfEqualTimestampsInOneBatchAndAcrossBatches() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, List.of(new Reading("cpu_temp", T0, 1), new Reading("cpu_temp", T0, 2),
                    new Reading("cpu_temp", T0 + 1000, 3)));
            // Queued with the first, so most likely in the same transaction.
            store.append(PI, List.of(new Reading("cpu_temp", T0 + 1000, 4)));
            store.flush();
            store.append(PI, List.of(new Reading("cpu_temp", T0, 5), new Reading("cpu_temp", T0 + 1000, 6)));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 1000, 100)).extracting(Reading::value)
                    .containsExactly(1.0, 3.0);
            assertThat(store.committedReadings()).isEqualTo(2);
            assertThat(store.health().duplicateReadings()).isEqualTo(4);
        }
    }

    @Test
    void storesAReSendOfCommittedReadingsAfterAReopenOnce() throws Exception {
        List<Reading> sent = new ArrayList<>();
        sent.addAll(readings("cpu_temp", T0, 3000, 10));
        sent.addAll(readings("humidity", T0, 3000, 10));
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, sent);
            store.flush();
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            // The device was not sure: it re-sends everything, and goes on.
            store.append(PI, sent);
            store.append(PI, readings("cpu_temp", T0 + 30_000, 10, 10));
            store.flush();

            assertThat(store.readingCount(PI)).isEqualTo(6010);
            assertThat(store.committedReadings()).isEqualTo(10);
            assertThat(store.health().duplicateReadings()).isEqualTo(6000);
            List<Long> timestamps = new ArrayList<>();
            store.scan(PI, "cpu_temp", 0, Long.MAX_VALUE, (ts, value) -> timestamps.add(ts));
            assertThat(timestamps).hasSize(3010).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void runsTheCallbackOnlyAfterTheCommitAndForDuplicatesToo() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + store.file())) {
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger storedWhenCalled = new AtomicInteger(-1);
            execute(other, "BEGIN IMMEDIATE");
            store.append(PI, readings("cpu_temp", T0, 10, 1000), () -> {
                committed.incrementAndGet();
                storedWhenCalled.set((int) store.readingCount(PI));
            });
            Thread.sleep(300);
            assertThat(committed.get()).as("no commit while another connection holds the lock").isZero();
            execute(other, "COMMIT");
            store.flush();
            assertThat(committed.get()).isEqualTo(1);
            assertThat(storedWhenCalled.get()).as("a reader already sees the readings").isEqualTo(10);

            AtomicInteger duplicate = new AtomicInteger();
            store.append(PI, readings("cpu_temp", T0, 10, 1000), duplicate::incrementAndGet);
            store.flush();
            assertThat(duplicate.get()).isEqualTo(1);
            assertThat(store.readingCount(PI)).isEqualTo(10);
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
