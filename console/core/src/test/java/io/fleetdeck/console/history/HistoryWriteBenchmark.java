package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writer throughput, printed, never asserted: one thread appends 100-reading batches (25 timestamps x 4 sensors) of
 * 40 devices round robin, at most {@link #IN_FLIGHT} batches not yet committed, released by the commit callback as
 * the console's MQTT acknowledgements will be. Off unless {@code -Dfleetdeck.bench=true}:
 * {@code m -o -q -pl console/core -am test -Dtest=HistoryWriteBenchmark -Dfleetdeck.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures in the test's output file under target/surefire-reports.
 */
@EnabledIfSystemProperty(named = "fleetdeck.bench", matches = "true")
class HistoryWriteBenchmark {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriteBenchmark.class);
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final int DEVICES = 40;
    private static final String[] SENSORS = {"cpu_temp", "humidity", "pressure", "fan_rpm"};
    private static final int TIMESTAMPS_PER_BATCH = 25;
    private static final int IN_FLIGHT = 2_000;
    private static final long STEP_MS = 10;

    @TempDir
    Path dir;

    @Test
    void appendsBatchesOfFortyDevices() throws Exception {
        for (int round = 0; round < 3; round++) {
            run(Path.of(dir.toString(), "run-" + round), 20_000_000);
        }
    }

    private void run(Path runDir, int readings) throws Exception {
        DeviceId[] devices = new DeviceId[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            devices[d] = DeviceId.of("pi-" + d);
        }
        int batchSize = TIMESTAMPS_PER_BATCH * SENSORS.length;
        int batches = readings / batchSize;
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(runDir))) {
            long writerId = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("history-writer") && thread.isAlive())
                    .findFirst().orElseThrow().threadId();
            long writerCpuBefore = ManagementFactory.getThreadMXBean().getThreadCpuTime(writerId);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                int device = b % DEVICES;
                long firstTs = T0 + (long) (b / DEVICES) * TIMESTAMPS_PER_BATCH * STEP_MS;
                List<Reading> batch = new ArrayList<>(batchSize);
                for (int t = 0; t < TIMESTAMPS_PER_BATCH; t++) {
                    long ts = firstTs + t * STEP_MS;
                    double phase = (ts - T0) / 60_000.0 + device;
                    // Sensor-like: smooth, rounded to the resolution a sensor reports.
                    batch.add(new Reading("cpu_temp", ts, Math.round((45 + 5 * Math.sin(phase)) * 100) / 100.0));
                    batch.add(new Reading("humidity", ts, Math.round((50 + 10 * Math.cos(phase)) * 10) / 10.0));
                    batch.add(new Reading("pressure", ts, Math.round((1013 + Math.sin(phase / 7)) * 100) / 100.0));
                    batch.add(new Reading("fan_rpm", ts, 1200 + 100 * (Math.round(phase) % 3)));
                }
                inFlight.acquire();
                store.append(devices[device], batch, inFlight::release);
            }
            store.flush();
            long nanos = System.nanoTime() - start;
            long writerCpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(writerId) - writerCpuBefore;
            HistoryHealth health = store.health();
            long stored = store.readingCount();
            double bytesPerReading = (double) store.storedBytes() / stored;
            log.info("{} readings committed in {} ms: {} readings/s, {} commits, {} bytes per stored reading, "
                            + "writer thread CPU {} ns per reading", health.committedReadings(),
                    TimeUnit.NANOSECONDS.toMillis(nanos), Math.round(health.committedReadings() / (nanos / 1e9)),
                    health.committedBatches(), String.format("%.2f", bytesPerReading),
                    Math.round((double) writerCpu / health.committedReadings()));
            assertThat(stored).isEqualTo((long) batches * batchSize);
        }
    }
}
