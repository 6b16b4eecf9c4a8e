package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryQueriesTest {
    private static final Logger log = LoggerFactory.getLogger(HistoryQueriesTest.class);
    private static final DeviceId PI = DeviceId.of("pi-1");
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void thinsTwoMillionReadingsToColumnsKeepingTheSpikes() throws Exception {
        int total = 2_000_000;
        long minSpikeTs = T0 + 777_777 * 10L;
        long maxSpikeTs = T0 + 1_234_567 * 10L;
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            for (int first = 0; first < total; first += 10_000) {
                List<Reading> batch = new ArrayList<>(10_000);
                for (int i = first; i < first + 10_000; i++) {
                    long ts = T0 + i * 10L;
                    double value = ts == minSpikeTs ? -500 : ts == maxSpikeTs ? 900 : 20 + 5 * Math.sin(i / 5000.0);
                    batch.add(new Reading("cpu_temp", ts, value));
                }
                store.append(PI, batch);
            }
            store.flush();
            assertThat(store.readingCount(PI)).isEqualTo(total);

            List<Reading> window = null;
            for (int run = 0; run < 5; run++) {
                long start = System.nanoTime();
                window = store.history(PI, "cpu_temp", T0, T0 + total * 10L, 2000);
                log.info("history of {} stored readings to 2000 points: {} ms (run {})", total,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), run);
            }

            assertThat(window).hasSizeBetween(1500, 2000);
            assertThat(window).isSortedAccordingTo((a, b) -> Long.compare(a.ts(), b.ts()));
            assertThat(window).extracting(Reading::ts).doesNotHaveDuplicates();
            assertThat(window).contains(new Reading("cpu_temp", minSpikeTs, -500),
                    new Reading("cpu_temp", maxSpikeTs, 900));
            assertThat(window.getFirst().ts()).isEqualTo(T0);
            assertThat(window.getLast().ts()).isEqualTo(T0 + (total - 1) * 10L);
            // Zoomed out, most chunks lie inside one column and are left undecoded: the same answer as decimating all.
            long start = System.nanoTime();
            List<Reading> zoomedOut = store.history(PI, "cpu_temp", T0, T0 + total * 10L, 100);
            log.info("history of {} stored readings to 100 points: {} ms", total,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            long[] ts = new long[total];
            double[] values = new double[total];
            int[] n = {0};
            store.scan(PI, "cpu_temp", 0, Long.MAX_VALUE, (t, value) -> {
                ts[n[0]] = t;
                values[n[0]++] = value;
            });
            MinMaxDecimation everyReading = new MinMaxDecimation("cpu_temp", T0, ts[total - 1], 100);
            everyReading.accept(ts, values, 0, total);
            assertThat(zoomedOut).hasSizeBetween(90, 100).isEqualTo(everyReading.result())
                    .contains(new Reading("cpu_temp", minSpikeTs, -500), new Reading("cpu_temp", maxSpikeTs, 900));
            log.info("bytes per stored reading: {}", (double) store.storedBytes() / store.readingCount());
        }
    }

    @Test
    void scansReadingsOfOverlappingChunksInTimeOrder() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            // Even seconds first; the odd ones arrive late in three batches and become chunks overlapping them.
            store.append(PI, everyOther(0, 6000));
            store.flush();
            store.append(PI, everyOther(1, 2000));
            store.flush();
            store.append(PI, everyOther(2001, 2000));
            store.flush();
            store.append(PI, everyOther(4001, 2000));
            store.flush();
            assertThat(StoredChunks.of(store.file()).of("cpu_temp")).hasSizeGreaterThan(3);

            List<Long> all = new ArrayList<>();
            long visited = store.scan(PI, "cpu_temp", 0, Long.MAX_VALUE, (ts, value) -> {
                assertThat(value).isEqualTo((ts - T0) / 1000.0);
                all.add(ts);
            });
            assertThat(visited).isEqualTo(6000);
            assertThat(all).hasSize(6000).isSorted().doesNotHaveDuplicates();

            List<Long> part = new ArrayList<>();
            store.scan(PI, "cpu_temp", T0 + 1500_000, T0 + 1510_000, (ts, value) -> part.add(ts));
            assertThat(part).hasSize(11).first().isEqualTo(T0 + 1500_000);

            assertThat(store.history(PI, "cpu_temp", T0, T0 + 5_999_000, 6000)).hasSize(6000)
                    .isSortedAccordingTo((a, b) -> Long.compare(a.ts(), b.ts()));
        }
    }

    /** Readings at seconds {@code first}, {@code first + 2}, … of a sensor whose value is its second. */
    private static List<Reading> everyOther(int first, int count) {
        List<Reading> readings = new ArrayList<>();
        for (int second = first; second < first + count; second += 2) {
            readings.add(new Reading("cpu_temp", T0 + second * 1000L, second));
        }
        return readings;
    }
}
