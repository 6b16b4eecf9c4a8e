package io.fleetdeck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A chart window over many stored points: one JVM fills a fresh history with {@code --chart-points} readings of one
 * sensor through the console's store and exits; a fresh JVM then times the chart's query over all of them, the first
 * call (cold JVM; the file is in the OS page cache after the fill) and the median of the next ten.
 */
final class ChartWindowPhase {
    private final RunSettings settings;
    private final PhaseSettings phases;

    ChartWindowPhase(RunSettings settings, PhaseSettings phases) {
        this.settings = settings;
        this.phases = phases;
    }

    ChartResult run() throws Exception {
        Path data = Files.createDirectories(settings.runDir().resolve("chart").resolve("console"));
        long first;
        long last;
        double fillS;
        try (ChildJvm fill = ChildJvm.start("chart-fill", settings.runDir(), 0, List.of(), ChartProbe.class,
                List.of("--mode", "fill", "--data", data.toString(),
                        "--points", Integer.toString(phases.chartPoints())))) {
            fill.await("filled", 600_000);
            first = fill.longAt("first-ts", 0);
            last = fill.longAt("last-ts", 0);
            fillS = fill.number("fill-s");
            fill.waitForExit(30_000);
        }
        HistoryRecount.Counted counted = HistoryRecount.count(data);
        try (ChildJvm query = ChildJvm.start("chart-query", settings.runDir(), 0, List.of(), ChartProbe.class,
                List.of("--mode", "query", "--data", data.toString(), "--from", Long.toString(first),
                        "--to", Long.toString(last)))) {
            query.await("queried", 600_000);
            return new ChartResult(counted, fillS, (last - first) / 1000.0, query.number("open-ms"),
                    query.number("cold-ms"), query.number("warm-median-ms"), query.number("warm-max-ms"),
                    query.longAt("points", 0));
        }
    }
}
