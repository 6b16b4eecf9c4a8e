package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteReadingStoreTest {
    private static final Logger log = LoggerFactory.getLogger(SqliteReadingStoreTest.class);
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void movesACorruptFileAsideStartsANewHistoryAndSaysSo() throws Exception {
        HistorySettings settings = HistorySettings.defaults(dir);
        Files.writeString(settings.file(), "not a database: a half-written copy from a full disk\n"
                .repeat(200));

        try (SqliteReadingStore store = SqliteReadingStore.open(settings)) {
            store.append(PI, List.of(new Reading("cpu_temp", T0, 41.5)));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 1, 10)).extracting(Reading::value)
                    .containsExactly(41.5);
            HistoryHealth health = store.health();
            assertThat(health.corruptFileMovedTo()).hasValueSatisfying(aside -> {
                assertThat(aside.getFileName().toString()).startsWith(settings.file().getFileName() + ".corrupt-");
                assertThat(aside).content().startsWith("not a database");
            });
            assertThat(health.healthy()).as("the operator must notice that old history was set aside").isFalse();
        }
    }

    @Test
    void returnsAppendedReadingsAndTheRecordedDevice() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(PI, info("cpu_temp", "humidity"), T0);
            store.append(PI, List.of(new Reading("cpu_temp", T0, 41.5), new Reading("humidity", T0, 55.0),
                    new Reading("cpu_temp", T0 + 1000, 42.0)));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 1000, 100))
                    .containsExactly(new Reading("cpu_temp", T0, 41.5), new Reading("cpu_temp", T0 + 1000, 42.0));
            assertThat(store.devices()).containsExactly(new StoredDevice(PI, info("cpu_temp", "humidity"), T0));
            assertThat(store.committedReadings()).isEqualTo(3);
            assertThat(store.health().healthy()).isTrue();
        }
        assertThat(dir.resolve("fleetdeck.db")).exists();
    }

    @Test
    void keepsTheLatestDescriptionAndLastSeenTime() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(PI, info("cpu_temp"), T0);
            store.recordDevice(PI, info("cpu_temp", "pressure"), T0 + 5000);
            store.flush();

            assertThat(store.devices()).containsExactly(new StoredDevice(PI, info("cpu_temp", "pressure"), T0 + 5000));
            assertThat(store.sensors(PI)).containsExactly("cpu_temp", "pressure");
        }
    }

    @Test
    void storesReadingsOfSensorsTheDeviceNeverAnnounced() throws InterruptedException {
        DeviceId stranger = DeviceId.of("pi-unknown");
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(PI, info("cpu_temp"), T0);
            store.append(PI, List.of(new Reading("fan_rpm", T0, 1200)));
            store.append(stranger, List.of(new Reading("cpu_temp", T0, 40)));
            store.flush();

            assertThat(store.sensors(PI)).containsExactly("cpu_temp", "fan_rpm");
            assertThat(store.history(PI, "fan_rpm", T0, T0, 10)).containsExactly(new Reading("fan_rpm", T0, 1200));
            assertThat(store.readingCount(stranger)).isEqualTo(1);
            assertThat(store.devices()).extracting(StoredDevice::id).containsExactly(PI);
        }
    }

    @Test
    void ignoresAReadingRedeliveredWithTheSameSensorAndTimestamp() throws InterruptedException {
        List<Reading> batch = readings("cpu_temp", T0, 100, 1000);
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, batch);
            store.flush();
            store.append(PI, batch);
            store.append(PI, List.of(new Reading("cpu_temp", T0, 99.0)));
            store.flush();

            assertThat(store.readingCount(PI)).isEqualTo(100);
            assertThat(store.committedReadings()).isEqualTo(100);
            assertThat(store.health().duplicateReadings()).isEqualTo(101);
            assertThat(store.history(PI, "cpu_temp", T0, T0, 1)).containsExactly(batch.getFirst());
        }
    }

    @Test
    void commitsAppendsQueuedDuringALockInOneBatchWithoutBlockingCallers() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + store.file())) {
            execute(other, "BEGIN IMMEDIATE");
            for (int i = 0; i < 1000; i++) {
                store.append(PI, List.of(new Reading("cpu_temp", T0 + i * 1000L, i)));
            }
            assertThat(store.committedReadings()).isZero();
            execute(other, "COMMIT");
            store.flush();

            assertThat(store.committedReadings()).isEqualTo(1000);
            // The first append may have been taken alone before the lock; the other 999 wait and go in one commit.
            assertThat(store.health().committedBatches()).isBetween(1L, 2L);
        }
    }

    @Test
    void thinsALongRangeToTheMinimumAndMaximumOfEachColumn() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, readings("cpu_temp", T0, 10_000, 1000));
            store.flush();

            long from = T0 + 500;
            long to = T0 + 9_000_000;
            List<Reading> thinned = store.history(PI, "cpu_temp", from, to, 300);

            // 149 columns, each its lowest and highest reading, plus the last one when it is neither.
            assertThat(thinned).hasSizeBetween(290, 300);
            assertThat(thinned.getFirst().ts()).isEqualTo(T0 + 1000);
            assertThat(thinned.getLast().ts()).isEqualTo(T0 + 9_000_000);
            assertThat(thinned).isSortedAccordingTo((a, b) -> Long.compare(a.ts(), b.ts()));
            assertThat(thinned).allSatisfy(r -> assertThat(r.ts()).isBetween(from, to));
            assertThat(thinned).doesNotHaveDuplicates();
            // Spread over the range: no gap wider than two columns.
            long widest = 0;
            for (int i = 1; i < thinned.size(); i++) {
                widest = Math.max(widest, thinned.get(i).ts() - thinned.get(i - 1).ts());
            }
            assertThat(widest).isLessThanOrEqualTo(2 * (to - from) / 149);
            // Values are real samples, not averages.
            assertThat(thinned).allSatisfy(r -> assertThat(r.value()).isEqualTo((r.ts() - T0) / 1000.0));
        }
    }

    @Test
    void returnsEveryReadingWhenThereAreFewerThanMaxPoints() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.append(PI, readings("cpu_temp", T0, 50, 1000));
            store.flush();

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 49_000, 50)).hasSize(50);
            assertThat(store.history(PI, "cpu_temp", T0, T0 + 49_000, 1))
                    .containsExactly(new Reading("cpu_temp", T0 + 49_000, 49));
            assertThat(store.history(PI, "nothing", T0, T0 + 49_000, 10)).isEmpty();
            assertThat(store.history(PI, "cpu_temp", T0 + 1, T0, 10)).isEmpty();
        }
    }

    @Test
    void answersQueriesWhileTheWriterCommits() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> readerError = new AtomicReference<>();
            List<Long> seen = new ArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (writing.get()) {
                        seen.add(store.readingCount(PI));
                        store.history(PI, "cpu_temp", T0, Long.MAX_VALUE / 2, 200);
                    }
                } catch (Throwable e) {
                    readerError.set(e);
                }
            });
            for (int batch = 0; batch < 100; batch++) {
                store.append(PI, readings("cpu_temp", T0 + batch * 1_000_000L, 1000, 1000));
                if (batch % 10 == 0) {
                    store.flush();
                }
            }
            store.flush();
            writing.set(false);
            reader.join();

            assertThat(readerError.get()).isNull();
            assertThat(seen).isNotEmpty().isSorted();
            assertThat(store.readingCount(PI)).isEqualTo(100_000);
        }
    }

    @Test
    void commitsEverythingQueuedWhenClosed() {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(PI, info("cpu_temp"), T0);
            for (int i = 0; i < 50; i++) {
                store.append(PI, readings("cpu_temp", T0 + i * 1_000_000L, 1000, 1000));
            }
        }
        try (SqliteReadingStore reopened = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            assertThat(reopened.readingCount(PI)).isEqualTo(50_000);
            assertThat(reopened.devices()).hasSize(1);
        }
    }

    @Test
    void storesTwoHundredThousandReadings() throws InterruptedException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            long start = System.nanoTime();
            for (int device = 0; device < 20; device++) {
                DeviceId id = DeviceId.of("pi-" + device);
                for (int batch = 0; batch < 10; batch++) {
                    store.append(id, readings("cpu_temp", T0 + batch * 1_000_000L, 1000, 1000));
                }
            }
            long queued = System.nanoTime();
            store.flush();
            long flushed = System.nanoTime();
            log.info("200k readings: append {} ms, flush {} ms", TimeUnit.NANOSECONDS.toMillis(queued - start),
                    TimeUnit.NANOSECONDS.toMillis(flushed - queued));

            assertThat(store.committedReadings()).isEqualTo(200_000);
            assertThat(store.droppedReadings()).isZero();
            assertThat(store.readingCount(DeviceId.of("pi-7"))).isEqualTo(10_000);
        }
    }

    @Test
    void neverDropsAppendsFarBeyondTheSoftQueueCapacityAndSaysItIsBehind() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir).withQueueCapacity(100));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + store.file())) {
            AtomicInteger callbacks = new AtomicInteger();
            execute(other, "BEGIN IMMEDIATE");
            for (int batch = 0; batch < 50; batch++) {
                store.append(PI, readings("cpu_temp", T0 + batch * 1_000_000L, 1000, 1000),
                        callbacks::incrementAndGet);
            }
            assertThat(store.health().behind()).isTrue();
            assertThat(store.health().queuedReadings()).isGreaterThan(100);
            execute(other, "COMMIT");
            store.flush();

            assertThat(store.committedReadings()).isEqualTo(50_000);
            assertThat(store.readingCount(PI)).isEqualTo(50_000);
            assertThat(callbacks.get()).isEqualTo(50);
            assertThat(store.droppedReadings()).isZero();
            assertThat(store.health().behind()).isFalse();
            assertThat(store.health().healthy()).isTrue();
        }
    }

    @Test
    void countsAppendsAfterCloseAsDropped() {
        SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir));
        store.close();

        store.append(PI, readings("cpu_temp", T0, 10, 1000));

        assertThat(store.droppedReadings()).isEqualTo(10);
    }

    @Test
    void reportsAFullDiskWithTheFileAndKeepsRetrying() throws Exception {
        HistorySettings settings = HistorySettings.defaults(dir).withMaxFileBytes(64 * 1024)
                .withCloseTimeout(Duration.ofSeconds(1));
        SqliteReadingStore store = SqliteReadingStore.open(settings);
        try {
            // Noise, so no chunk encoding squeezes it into the few free bytes of the quota.
            store.append(PI, noisyReadings("cpu_temp", T0, 20_000, 1000));

            Poll.until("the write error shows", java.time.Duration.ofSeconds(30),
                    () -> store.health().lastWriteError() != null);
            HistoryWriteException error = store.health().lastWriteError();
            assertThat(error.file()).isEqualTo(dir.resolve("fleetdeck.db"));
            assertThat(error.sqliteCode()).isEqualTo("SQLITE_FULL");
            assertThat(error.retrying()).isTrue();
            assertThat(error.getMessage()).contains(dir.resolve("fleetdeck.db").toString());
            assertThat(store.flush(Duration.ofMillis(200))).isFalse();
            assertThat(store.readingCount(PI)).isZero();
        } finally {
            store.close();
        }
        assertThat(store.droppedReadings()).isEqualTo(20_000);
    }

    @Test
    void aFullFileMakesRoomByPruningOldReadingsAndThenCommits() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + Duration.ofDays(40).toMillis()), ZoneOffset.UTC);
        HistorySettings unlimited = HistorySettings.defaults(dir).withRetention(Duration.ofDays(30));
        try (SqliteReadingStore store = SqliteReadingStore.open(unlimited, new PayloadCodec(), clock,
                SchemaMigrations.standard())) {
            // Noisy values: the chunk codec would pack regular ones into so few pages that the new batch fit anyway.
            store.append(PI, noisyReadings("cpu_temp", T0, 20_000, 1000));
            store.flush();
        }
        long full = java.nio.file.Files.size(dir.resolve("fleetdeck.db"));
        try (SqliteReadingStore store = SqliteReadingStore.open(unlimited.withMaxFileBytes(full), new PayloadCodec(),
                clock, SchemaMigrations.standard())) {
            long recent = T0 + Duration.ofDays(39).toMillis();
            AtomicInteger committed = new AtomicInteger();
            store.append(PI, noisyReadings("cpu_temp", recent, 5_000, 1000), committed::incrementAndGet);

            assertThat(store.flush(Duration.ofSeconds(60))).as("the batch gets in once old readings are pruned")
                    .isTrue();
            assertThat(committed.get()).as("acknowledged once, after the retried commit").isEqualTo(1);
            // How many old readings are gone by now depends on the pruning pace; the new ones must all be there.
            assertThat(store.history(PI, "cpu_temp", recent, Long.MAX_VALUE / 2, 100_000)).hasSize(5_000);
            assertThat(store.readingCount(PI)).isLessThan(25_000);
            assertThat(store.droppedReadings()).isZero();
            assertThat(store.health().lastWriteError()).isNull();
        }
    }

    @Test
    void prunesReadingsOlderThanTheRetentionInChunks() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + Duration.ofDays(40).toMillis()), ZoneOffset.UTC);
        HistorySettings settings = HistorySettings.defaults(dir).withRetention(Duration.ofDays(30));
        try (SqliteReadingStore store = SqliteReadingStore.open(settings, new PayloadCodec(), clock,
                SchemaMigrations.standard())) {
            store.append(PI, readings("cpu_temp", T0, 12_000, 1000));
            store.append(PI, readings("humidity", T0, 10, 1000));
            long recent = T0 + Duration.ofDays(39).toMillis();
            store.append(PI, readings("cpu_temp", recent, 100, 1000));
            store.flush();

            long deleted = store.pruneNow().get(30, TimeUnit.SECONDS);

            assertThat(deleted).isEqualTo(12_010);
            assertThat(store.readingCount(PI)).isEqualTo(100);
            assertThat(store.history(PI, "cpu_temp", 0, Long.MAX_VALUE / 2, 1000)).hasSize(100)
                    .allSatisfy(r -> assertThat(r.ts()).isGreaterThanOrEqualTo(recent));
        }
    }

    @Test
    void refusesAFileWithANewerSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fleetdeck.db"))) {
            execute(connection, "PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> SqliteReadingStore.open(HistorySettings.defaults(dir)))
                .isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(99);
                    assertThat(e.supportedVersion()).isEqualTo(SchemaMigrations.standard().latestVersion());
                });
    }

    @Test
    void createsNewFilesWithLargePagesInWalMode() throws SQLException {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir));
             Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store.file());
             Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("PRAGMA page_size")) {
                assertThat(rows.getInt(1)).isEqualTo(SqliteConnections.PAGE_SIZE);
            }
            try (var rows = statement.executeQuery("PRAGMA journal_mode")) {
                assertThat(rows.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void createsTheDataDirectory() {
        Path nested = dir.resolve("a/b");
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(nested))) {
            assertThat(store.file()).isEqualTo(nested.resolve("fleetdeck.db")).exists();
        }
    }

    static List<Reading> readings(String sensor, long firstTs, int count, long stepMs) {
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = firstTs + i * stepMs;
            readings.add(new Reading(sensor, ts, (ts - T0) / 1000.0));
        }
        return readings;
    }

    static List<Reading> noisyReadings(String sensor, long firstTs, int count, long stepMs) {
        java.util.Random random = new java.util.Random(count);
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(new Reading(sensor, firstTs + i * stepMs, random.nextGaussian() * 1e6));
        }
        return readings;
    }

    static DeviceInfo info(String... sensors) {
        List<SensorDescriptor> descriptors = new ArrayList<>();
        for (String sensor : sensors) {
            descriptors.add(new SensorDescriptor(sensor, "temperature", "°C", sensor + " label", 1000));
        }
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "1.2.0", Slot.A,
                descriptors, List.of("ota"), T0 - 60_000);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
