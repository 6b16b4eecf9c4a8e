package io.fleetdeck.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the benchmark prints: each phase's section as it ends (saturation of both consumers and their ratio, fixed
 * load, overload and console kill with their recounts, the chart window), then one summary of every phase's headline
 * figure against the target.
 */
final class BenchReport {
    static final double RATIO_TARGET = 0.8;

    private final PrintStream out;
    private final List<String[]> summary = new ArrayList<>();

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
        row("saturation: committed / mosquitto_sub readings/s", String.format(Locale.ROOT, "%.2f (%,.0f / %,.0f)",
                readings, console.readingsPerS(), baseline.readingsPerS()), ">= 0.8", readings >= RATIO_TARGET);
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
        row("fixed load: readings lost", String.format(Locale.ROOT, "%,d of %,d", r.lost(), r.published()), "0",
                r.lost() == 0);
    }

    /** The fixed-load console's file, recounted after it closed. */
    void fixedStorage(FixedLoadResult r, HistoryRecount.Counted counted) {
        out.printf(Locale.ROOT, "  recount of the closed SQLite file  %,d readings (%s), %,d distinct; PUBACKed - "
                + "distinct stored = %,d%n", counted.rows(), counted.table(), counted.distinct(),
                r.published() - counted.distinct());
        out.printf(Locale.ROOT, "  bytes per stored reading           %.1f (%,d bytes: db + wal after a checkpoint, "
                + "devices and sensors tables included)%n", counted.bytesPerReading(), counted.fileBytes());
        row("bytes per stored reading (fixed load)", String.format(Locale.ROOT, "%.1f", counted.bytesPerReading()),
                "-", null);
    }

    /** An overload or console-kill phase and its recount. */
    void recount(RecountResult r) {
        out.println();
        out.printf(Locale.ROOT, "(%s) %s: %s%n", r.phase().equals("overload") ? "c" : "d", r.phase(), r.load());
        out.printf(Locale.ROOT, "  offered (PUBACKed to the publisher) %,.0f readings/s; console decoded %,.0f / "
                        + "committed %,.0f readings/s meanwhile%s%n", r.offeredPerS(), r.window("accepted-per-s"),
                r.window("committed-per-s"), r.phase().equals("overload") ? "" : " (restarted console)");
        out.printf(Locale.ROOT, "  console history queue              %s queued, %s dropped at the end of the load%n",
                r.window().get("history-queued"), r.window().get("history-dropped"));
        if (!r.note().isEmpty()) {
            out.println("  " + r.note());
        }
        CatchUp c = r.catchUp();
        out.println(c.caughtUp()
                ? String.format(Locale.ROOT, "  catch-up                           broker queue empty and console idle "
                        + "%.0f s after the load stopped", c.seconds())
                : String.format(Locale.ROOT, "  catch-up                           NOT within %.0f s (--drain-seconds): "
                        + "the broker still held %,d messages for the console; the recount counts them as lost",
                        c.seconds(), c.brokerBacklog()));
        out.printf(Locale.ROOT, "  (last) console totals              decoded %s, committed %s, ignored as already "
                        + "stored %s, dropped by the history queue %s%n", r.totals().get("total-accepted"),
                r.totals().get("total-committed"), r.totals().get("total-duplicates"),
                r.totals().get("total-dropped"));
        HistoryRecount.Counted counted = r.counted();
        out.printf(Locale.ROOT, "  readings PUBACKed                  %,d%n", r.published());
        out.printf(Locale.ROOT, "  readings in SQLite                 %,d distinct (%,d rows in %s; duplicates %,d)%n",
                counted.distinct(), counted.rows(), counted.table(), counted.duplicates());
        out.printf(Locale.ROOT, "  lost = PUBACKed - stored           %,d (target 0): %s%n", r.lost(),
                r.met() ? "MET" : "MISSED");
        if (r.lost() < 0) {
            out.printf(Locale.ROOT, "  stored but not PUBACKed            %,d, of %,d readings the publisher held "
                    + "unacknowledged at its close (committed, acknowledgement never arrived)%n", -r.lost(),
                    r.unacknowledged());
        }
        out.printf(Locale.ROOT, "  bytes per stored reading           %.1f (%,d bytes)%n", counted.bytesPerReading(),
                counted.fileBytes());
        row(r.phase() + ": PUBACKed / stored / lost / dup",
                String.format(Locale.ROOT, "%,d / %,d / %,d / %,d", r.published(), counted.distinct(), r.lost(),
                        counted.duplicates()), "lost 0", r.met());
    }

    void chart(ChartResult r) {
        out.println();
        out.printf(Locale.ROOT, "(e) Chart window: one sensor, %,d readings stored through the console's store "
                + "(100 Hz, %.0f s span), fill %.1f s%n", r.counted().distinct(), r.spanS(), r.fillS());
        out.printf(Locale.ROOT, "  history(device, sensor, first, last, %d) in a fresh JVM: cold %.1f ms, warm median "
                        + "%.1f ms (max %.1f ms of %d); %,d points returned; opening the store %.1f ms%n",
                ChartProbe.CHART_POINTS, r.coldMs(), r.warmMedianMs(), r.warmMaxMs(), ChartProbe.WARM_QUERIES,
                r.points(), r.openMs());
        out.printf(Locale.ROOT, "  target <= %.0f ms: %s; bytes per stored reading (one sensor) %.1f%n",
                ChartResult.TARGET_MS, r.met() ? "MET" : "MISSED", r.counted().bytesPerReading());
        row(String.format(Locale.ROOT, "chart window over %,d points: cold / warm ms", r.counted().distinct()),
                String.format(Locale.ROOT, "%.0f / %.0f (%,d points)", r.coldMs(), r.warmMedianMs(), r.points()),
                "<= 200", r.met());
    }

    /** A phase that failed: said where it happened, and in the summary, so the other phases' figures still stand. */
    void failed(String phase, Exception e) {
        out.println();
        out.println(phase + " FAILED: " + e);
        row(phase, "FAILED: " + e.getMessage(), "-", false);
    }

    /** Every phase's headline figure, side by side. */
    void summary() {
        out.println();
        out.println("Summary (issue #10)");
        out.printf(Locale.ROOT, "  %-52s %-40s %-10s %s%n", "figure", "value", "target", "");
        for (String[] row : summary) {
            out.printf(Locale.ROOT, "  %-52s %-40s %-10s %s%n", (Object[]) row);
        }
    }

    private void row(String figure, String value, String target, Boolean met) {
        summary.add(new String[]{figure, value, target, met == null ? "" : met ? "MET" : "MISSED"});
    }

    private static String cpu(Map<String, Double> shares) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f / %.0f", shares.get("mosquitto"),
                shares.get("publisher"), shares.get("consumer"), shares.get("other"), shares.get("machine"));
    }
}
