package io.fleetdeck.bench;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.simulator.SineSensor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The chart-window JVMs. {@code --mode fill} writes {@code --points} readings of one sensor through the console's
 * {@link ReadingStore} (100 Hz, values of the simulator's temperature sine with noise, the newest one now) and exits;
 * {@code --mode query}, in a fresh JVM, asks the store for that whole range as a chart does
 * ({@link ReadingStore#history} with {@value #CHART_POINTS} points) once cold and {@value #WARM_QUERIES} times warm.
 */
public final class ChartProbe {
    static final DeviceId DEVICE = DeviceId.of("chart-0001");
    static final String SENSOR = "temperature";
    /** What {@code DeviceDetailViewModel.HISTORY_POINTS} asks the store for per sensor. */
    static final int CHART_POINTS = 2_000;
    static final int WARM_QUERIES = 10;
    private static final long PERIOD_MS = 10;
    private static final int BATCH = 100;
    /** Batches queued at once: 100k readings, well inside the store's queue, so the fill never meets a drop. */
    private static final int BATCHES_IN_FLIGHT = 1_000;

    private ChartProbe() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        HistorySettings settings = HistorySettings.defaults(Path.of(args.text("data"))).withRetention(Duration.ZERO);
        switch (args.text("mode")) {
            case "fill" -> fill(settings, args.integer("points"));
            case "query" -> query(settings, Long.parseLong(args.text("from")), Long.parseLong(args.text("to")));
            default -> throw new IllegalArgumentException("--mode fill or query, not " + args.text("mode"));
        }
    }

    private static void fill(HistorySettings settings, int points) throws InterruptedException {
        long last = System.currentTimeMillis();
        long first = last - (points - 1) * PERIOD_MS;
        long[] now = {first};
        SineSensor sine = new SineSensor(new SensorDescriptor(SENSOR, "temperature", "°C", "Air temperature",
                PERIOD_MS), 21.0, 3.0, 60_000, 0.0, 0.15, new Random(7), () -> now[0]);
        Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
        long start = System.nanoTime();
        try (ReadingStore store = SqliteReadingStore.open(settings)) {
            for (int i = 0; i < points; i += BATCH) {
                List<Reading> batch = new ArrayList<>(BATCH);
                for (int j = i; j < Math.min(points, i + BATCH); j++) {
                    now[0] = first + j * PERIOD_MS;
                    batch.add(new Reading(SENSOR, now[0], sine.read()));
                }
                if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("history writer committed nothing for 60 s at reading " + i);
                }
                store.append(DEVICE, batch, inFlight::release);
            }
            store.flush();
            ResultLines.put("committed", store.committedReadings());
        }
        ResultLines.put("fill-s", (System.nanoTime() - start) / 1e9);
        ResultLines.put("first-ts", first);
        ResultLines.put("last-ts", last);
        ResultLines.put("filled", points);
    }

    private static void query(HistorySettings settings, long from, long to) {
        long openStart = System.nanoTime();
        try (ReadingStore store = SqliteReadingStore.open(settings)) {
            ResultLines.put("open-ms", (System.nanoTime() - openStart) / 1e6);
            long coldStart = System.nanoTime();
            List<Reading> points = store.history(DEVICE, SENSOR, from, to, CHART_POINTS);
            ResultLines.put("cold-ms", (System.nanoTime() - coldStart) / 1e6);
            ResultLines.put("points", points.size());
            double[] warm = new double[WARM_QUERIES];
            for (int i = 0; i < WARM_QUERIES; i++) {
                long warmStart = System.nanoTime();
                store.history(DEVICE, SENSOR, from, to, CHART_POINTS);
                warm[i] = (System.nanoTime() - warmStart) / 1e6;
            }
            Arrays.sort(warm);
            ResultLines.put("warm-median-ms", (warm[WARM_QUERIES / 2 - 1] + warm[WARM_QUERIES / 2]) / 2);
            ResultLines.put("warm-max-ms", warm[WARM_QUERIES - 1]);
        }
        ResultLines.put("queried", "1");
    }
}
