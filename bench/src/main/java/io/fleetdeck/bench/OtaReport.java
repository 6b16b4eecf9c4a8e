package io.fleetdeck.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The OTA benchmark's tables: each run, then median and spread, with the targets. */
final class OtaReport {
    static final double FAN_OUT_TARGET = 1.15;
    static final double WRITE_PATH_TARGET = 0.9;

    private final PrintStream out;
    private final OtaBenchSettings settings;

    OtaReport(PrintStream out, OtaBenchSettings settings) {
        this.out = out;
        this.settings = settings;
    }

    void print(List<OtaRunResult> runs) {
        int n = settings.devices();
        double totalMib = (double) settings.sizeMib() * n;
        out.println();
        out.printf(Locale.ROOT, "(a) Fan-out: one %d MiB raw image to %d devices at once, 127.0.0.1; times in s "
                + "(aggregate MiB/s)%n", settings.sizeMib(), n);
        out.printf(Locale.ROOT, "%-4s %5s %16s %16s %18s %16s %11s %11s%n", "run", "load", "curl x" + n,
                "curl + sync", "Fleetdeck past VER", "all COMMITTED", "ratio/sync", "ratio/curl");
        for (OtaRunResult r : runs) {
            out.printf(Locale.ROOT, "%-4d %5.2f %16s %16s %18s %16s %11.2f %11.2f%n", r.run(), r.load1(),
                    secondsAndRate(r.curl().curlMs(), totalMib), secondsAndRate(r.curl().durableMs(), totalMib),
                    secondsAndRate(r.pastVerifying(), totalMib), String.format(Locale.ROOT, "%.2f",
                            r.committed() / 1000.0), r.fanOutRatioDurable(), r.fanOutRatioCurlOnly());
        }
        out.println("  phases of the rollout, s after Rollouts.start (last device; median per device):");
        for (OtaRunResult r : runs) {
            out.printf(Locale.ROOT, "  run %d: all accepted %.2f, all DOWNLOADING %.2f, all written (VERIFYING) %.2f,"
                            + " all read back %.2f, all COMMITTED %.2f; per device: download+write %.2f, read-back "
                            + "%.2f, restart+health %.2f%n", r.run(), r.accepted() / 1000.0,
                    r.allDownloading() / 1000.0, r.allWritten() / 1000.0, r.pastVerifying() / 1000.0,
                    r.committed() / 1000.0, r.medianDownloadWrite() / 1000.0, r.medianReadBack() / 1000.0,
                    r.medianRestart() / 1000.0);
        }
        out.println("  CPU, % of one core (console / fleet / other / machine of " + 100
                * Runtime.getRuntime().availableProcessors() + "):");
        for (OtaRunResult r : runs) {
            out.printf(Locale.ROOT, "  run %d: curl phase %s (other = curl, sync and the kernel); Fleetdeck until "
                    + "all read back %s%n", r.run(), cpu(r.curlCpu()), cpu(r.fleetCpu()));
        }

        out.println();
        out.printf(Locale.ROOT, "(b) Write path: one %d MiB image into a slot file on the same disk; MiB/s%n",
                settings.sizeMib());
        out.printf(Locale.ROOT, "%-4s %10s %18s %18s %18s %18s %11s %11s%n", "run", "dd fsync", "installer write",
                "installer total", "2nd inst. write", "2nd inst. total", "ratio", "ratio write");
        for (OtaRunResult r : runs) {
            out.printf(Locale.ROOT, "%-4d %10.0f %18.0f %18.0f %18.0f %18.0f %11.2f %11.2f%n", r.run(),
                    rate(r.dd()), rate(r.firstWrite()), rate(r.firstTotal()), rate(r.secondWrite()),
                    rate(r.secondTotal()), r.writePathRatio(), r.writePhaseRatio());
        }

        out.println("  CPU seconds of the first install: dd / installer JVM / console JVM (image server):");
        for (OtaRunResult r : runs) {
            out.printf(Locale.ROOT, "  run %d: %.2f / %.2f / %.2f%n", r.run(), r.ddCpuS(), r.installerCpuS(),
                    r.serverCpuS());
        }

        out.println();
        out.printf(Locale.ROOT, "Median [min-max] of %d run(s):%n", runs.size());
        out.printf(Locale.ROOT, "  curl x%d %s s, + sync %s s; Fleetdeck past VERIFYING %s s, COMMITTED %s s%n", n,
                spread(runs, r -> r.curl().curlMs() / 1000.0), spread(runs, r -> r.curl().durableMs() / 1000.0),
                spread(runs, r -> r.pastVerifying() / 1000.0), spread(runs, r -> r.committed() / 1000.0));
        double fanOut = median(runs, OtaRunResult::fanOutRatioDurable);
        out.printf(Locale.ROOT, "  fan-out ratio Fleetdeck / (curl + sync) %s (target <= %.2f): %s; "
                        + "Fleetdeck / curl without fsync %s%n", spread(runs, OtaRunResult::fanOutRatioDurable),
                FAN_OUT_TARGET, fanOut <= FAN_OUT_TARGET ? "MET" : "MISSED",
                spread(runs, OtaRunResult::fanOutRatioCurlOnly));
        out.printf(Locale.ROOT, "  dd %s MiB/s; installer %s MiB/s (write phase %s MiB/s); 2nd install %s MiB/s%n",
                spread(runs, r -> rate(r.dd())), spread(runs, r -> rate(r.firstTotal())),
                spread(runs, r -> rate(r.firstWrite())), spread(runs, r -> rate(r.secondTotal())));
        double write = median(runs, OtaRunResult::writePathRatio);
        out.printf(Locale.ROOT, "  write-path ratio Fleetdeck / dd throughput %s (target >= %.2f): %s; write phase "
                        + "alone %s%n", spread(runs, OtaRunResult::writePathRatio), WRITE_PATH_TARGET,
                write >= WRITE_PATH_TARGET ? "MET" : "MISSED", spread(runs, OtaRunResult::writePhaseRatio));
    }

    private double rate(double ms) {
        return settings.sizeMib() / (ms / 1000.0);
    }

    private static String secondsAndRate(long ms, double mib) {
        return String.format(Locale.ROOT, "%.2f (%.0f)", ms / 1000.0, mib / (ms / 1000.0));
    }

    private static String cpu(Map<String, Double> shares) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", shares.get("console"), shares.get("fleet"),
                shares.get("other"), shares.get("machine"));
    }

    private static double median(List<OtaRunResult> runs, ToDoubleFunction<OtaRunResult> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String spread(List<OtaRunResult> runs, ToDoubleFunction<OtaRunResult> figure) {
        double min = runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
        double max = runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
        String format = Math.abs(median(runs, figure)) >= 100 ? "%.0f" : "%.2f";
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", median(runs, figure), min,
                max);
    }
}
