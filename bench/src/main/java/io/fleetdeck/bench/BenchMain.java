package io.fleetdeck.bench;

import io.fleetdeck.bench.PhaseSettings.Phase;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code fleetdeck-bench}: the console's ingest against a bare {@code mosquitto_sub} on one private mosquitto, the
 * console at a fixed load of simulated devices, then (issue #10) an overload and a console kill -9 each followed by a
 * recount of the SQLite file, and a chart window over a million stored points. Starts and stops everything it needs;
 * prints each phase's section and one summary. Only this entry point writes to stdout.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        // Several logback.xml on the class path make logback report its set-up on stdout, into the table.
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        if (List.of(argv).contains("--help")) {
            System.out.println(PhaseSettings.USAGE);
            return;
        }
        Path runDir = Path.of("bench", "target", "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        PhaseSettings phases;
        RunSettings settings;
        try {
            phases = PhaseSettings.parse(argv);
            settings = RunSettings.parse(phases.remaining().toArray(String[]::new), runDir);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetdeck-bench: " + e.getMessage());
            System.err.println(PhaseSettings.USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(runDir);
        System.out.printf("fleetdeck-bench: %s, %d cores, JDK %s; logs in %s%n", LocalDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), runDir);
        BenchReport report = new BenchReport(System.out);
        if (phases.runs(Phase.SATURATION) || phases.runs(Phase.FIXED)) {
            try (MosquittoBroker broker = new MosquittoBroker(runDir, MosquittoBroker.Tuning.SATURATION).start()) {
                System.out.println("mosquitto on " + broker.url());
                if (phases.runs(Phase.SATURATION)) {
                    saturation(settings, broker, report);
                }
                if (phases.runs(Phase.FIXED)) {
                    System.out.println();
                    System.out.println("phase: fixed load…");
                    run("fixed load", report, () -> {
                        FixedLoadResult fixed = new FixedLoadPhase(settings, broker).run();
                        report.fixedLoad(fixed, settings);
                        report.fixedStorage(fixed, HistoryRecount.count(FixedLoadPhase.dataDirectory(settings)));
                    });
                }
            }
        }
        if (phases.runs(Phase.OVERLOAD)) {
            System.out.println();
            System.out.printf("phase: overload for %d s, then catch-up and recount…%n", phases.overloadS());
            run("overload", report, () -> report.recount(new OverloadPhase(settings, phases).run()));
        }
        if (phases.runs(Phase.KILL)) {
            System.out.println();
            System.out.printf("phase: console kill -9 under %,d readings/s, then catch-up and recount…%n",
                    phases.killRate());
            run("console kill -9", report, () -> report.recount(new ConsoleKillPhase(settings, phases).run()));
        }
        if (phases.runs(Phase.KILL_EMBEDDED)) {
            System.out.println();
            System.out.printf("phase: console kill -9 with its embedded broker, %d simulated devices, then recount…%n",
                    settings.fixedDevices());
            run("console kill -9 (embedded broker)", report,
                    () -> report.recount(new EmbeddedKillPhase(settings, phases).run()));
        }
        if (phases.runs(Phase.CHART)) {
            System.out.println();
            System.out.printf("phase: chart window over %,d stored points…%n", phases.chartPoints());
            run("chart window", report, () -> report.chart(new ChartWindowPhase(settings, phases).run()));
        }
        report.summary();
    }

    private static void saturation(RunSettings settings, MosquittoBroker broker, BenchReport report) {
        run("saturation", report, () -> {
            SaturationPhase saturation = new SaturationPhase(settings, broker);
            System.out.println("phase: mosquitto_sub saturation…");
            SaturationResult baseline = saturation.baseline();
            System.out.println("phase: Fleetdeck ingest saturation…");
            SaturationResult console = saturation.console();
            report.saturation(baseline, console);
        });
    }

    private interface PhaseRun {
        void run() throws Exception;
    }

    /** One phase; a failure is reported and the next phase still runs (each starts its own children). */
    private static void run(String name, BenchReport report, PhaseRun phase) {
        try {
            phase.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + name, e);
        } catch (Exception e) {
            report.failed(name, e);
        }
    }
}
