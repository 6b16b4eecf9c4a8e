package io.fleetdeck.console.export;

import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.ReadOnlyHistory;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Export throughput and memory, by hand (not a test): {@code ExportBenchmark DIR READINGS csv|jsonl}. Fills
 * {@code DIR/fleetdeck.db} with one sensor of READINGS readings 10 ms apart unless it exists, then exports everything
 * from a {@link ReadOnlyHistory} into {@code DIR/out.<format>} and prints readings/s, bytes and heap used. Run it with
 * a small {@code -Xmx} to see that memory does not grow with the export. Command: docs/benchmarks.md, "Export".
 */
public final class ExportBenchmark {
    private static final long T0 = 1_790_000_000_000L;
    private static final int BATCH = 10_000;

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int readings = Integer.parseInt(args[1]);
        ExportFormat format = ExportFormat.named(args[2]);
        Path file = dir.resolve(HistorySettings.FILE_NAME);
        if (!Files.exists(file)) {
            fill(dir, readings);
        }
        Path out = dir.resolve("out." + format.extension());
        try (ReadOnlyHistory history = ReadOnlyHistory.open(file)) {
            long start = System.nanoTime();
            ExportResult result = new HistoryExport(history).toFile(new ExportRequest(List.of(), List.of(),
                    Long.MIN_VALUE, Long.MAX_VALUE, format), out, ExportListener.NONE, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("%s: %,d readings in %.1f s = %,.0f readings/s, %,d bytes; heap used %d MB of max %d MB%n",
                    format.extension(), result.readings(), seconds, result.readings() / seconds, Files.size(out),
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        }
    }

    private static void fill(Path dir, int readings) throws InterruptedException {
        DeviceId device = DeviceId.of("pi-1");
        try (SqliteReadingStore store = SqliteReadingStore.open(HistorySettings.defaults(dir))) {
            store.recordDevice(device, new DeviceInfo("bench", "0", "pi-1", "1.0", Slot.A,
                    List.of(new SensorDescriptor("cpu_temp", "temperature", "°C", "CPU", 10)), List.of(), T0), T0);
            for (int b = 0; b < readings / BATCH; b++) {
                List<Reading> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    long k = (long) b * BATCH + i;
                    batch.add(new Reading("cpu_temp", T0 + k * 10, 40 + Math.sin(k / 1000.0) * 3.3));
                }
                store.append(device, batch);
                if (b % 20 == 19) {
                    // Stay well inside the store's queue, which drops whole batches when full.
                    store.flush();
                }
            }
            store.flush();
        }
    }
}
