package io.fleetdeck.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The table the benchmark prints: saturation of both consumers and their ratio, then the fixed-load figures. */
final class BenchReport {
    static final double RATIO_TARGET = 0.8;

    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    void saturation(SaturationResult baseline, SaturationResult console) {
        out.println();
        out.println("(a) Saturation: publisher offers as fast as the broker acknowledges; steady window only");
        out.printf(Locale.ROOT, "%-26s %12s %12s %14s %s%n", "consumer", "messages/s", "readings/s",
                "offered rdg/s", "  CPU % of a core: mosquitto / publisher / consumer / other / machine(of 200)");
        for (SaturationResult r : new SaturationResult[]{baseline, console}) {
            out.printf(Locale.ROOT, "%-26s %,12.0f %,12.0f %,14.0f   %s%s%n", r.consumer(), r.messagesPerS(),
                    r.readingsPerS(), r.offeredReadingsPerS(), cpu(r.cpu()),
                    r.publisherBound() ? "  (kept up with the publisher: a lower bound)" : "");
            if (!r.note().isEmpty()) {
                out.println("    " + r.note());
            }
        }
        double readings = console.readingsPerS() / baseline.readingsPerS();
        double messages = console.messagesPerS() / baseline.messagesPerS();
        out.printf(Locale.ROOT, "ratio Fleetdeck / baseline: readings %.2f, messages %.2f (target >= %.1f): %s%n",
                readings, messages, RATIO_TARGET, readings >= RATIO_TARGET ? "MET" : "MISSED");
    }

    void fixedLoad(FixedLoadResult r, RunSettings settings) {
        out.println();
        out.printf(Locale.ROOT, "(b) Fixed load: %d simulated devices x 4 sensors x %.0f Hz (daemon simulator), %d s "
                        + "window after %d s warm-up%n", settings.fixedDevices(), settings.fixedRateHz(),
                settings.fixedS(), settings.warmupS());
        out.printf(Locale.ROOT, "  offered (acknowledged to devices)  %,.0f readings/s%n", r.offeredReadingsPerS());
        out.printf(Locale.ROOT, "  console decoded / committed        %,.0f / %,.0f readings/s, %,.0f messages/s%n",
                r.window("accepted-per-s"), r.window("committed-per-s"), r.window("messages-per-s"));
        out.printf(Locale.ROOT, "  readings published (PUBACKed)      %,d over the whole run%n", r.published());
        out.printf(Locale.ROOT, "  decoded by the console            %,d (%,d of them QoS 1 redeliveries)%n",
                r.accepted(), r.redelivered());
        out.printf(Locale.ROOT, "  committed to SQLite after flush    %,d (ignored by INSERT OR IGNORE: %,d, of them "
                        + "same sensor+millisecond: %,d; dropped by the history queue: %s)%n", r.committed(),
                r.duplicates(), r.sameTimestamp(), r.totals().get("total-dropped"));
        out.printf(Locale.ROOT, "  readings lost                      %,d (target 0): %s%n", r.lost(),
                r.lost() == 0 ? "MET" : "MISSED");
        out.printf(Locale.ROOT, "  latency per reading, ms            p50 %s  p99 %s  max %s  (device ts -> live feed;"
                        + " includes device batching)%n", r.window().get("latency-reading-p50-ms"),
                r.window().get("latency-reading-p99-ms"), r.window().get("latency-reading-max-ms"));
        out.printf(Locale.ROOT, "  latency per batch, ms              p50 %s  p99 %s  max %s  (newest reading of the "
                        + "batch -> live feed)%n", r.window().get("latency-batch-p50-ms"),
                r.window().get("latency-batch-p99-ms"), r.window().get("latency-batch-max-ms"));
        out.printf(Locale.ROOT, "  console JVM CPU                    %.1f %% of one core, %.1f %% of the machine%n",
                r.window("jvm-cpu-core-pct"), r.window("jvm-cpu-machine-pct"));
        out.printf(Locale.ROOT, "  console JVM heap                   max used %.0f MB, after GC %.0f MB, committed "
                        + "%.0f MB of %.0f MB limit; %s GCs, %s ms%n", r.window("jvm-heap-max-used-mb"),
                r.window("jvm-heap-after-gc-mb"), r.window("jvm-heap-committed-mb"), r.window("jvm-heap-limit-mb"),
                r.window().get("jvm-gc-count"), r.window().get("jvm-gc-ms"));
        out.printf(Locale.ROOT, "  chart buffers                      %s samples drained, %s dropped%n",
                r.totals().get("chart-drained"), r.totals().get("chart-dropped"));
        out.printf(Locale.ROOT, "  CPU %% of a core                    %s  (mosquitto / simulator / console / other / "
                + "machine)%n", cpu(r.cpu()));
    }

    private static String cpu(Map<String, Double> shares) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f / %.0f", shares.get("mosquitto"),
                shares.get("publisher"), shares.get("consumer"), shares.get("other"), shares.get("machine"));
    }
}
