package io.fleetdeck.bench;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code fleetdeck-bench}: the console's ingest against a bare {@code mosquitto_sub} on one private mosquitto, then
 * the console at a fixed load of simulated devices. Starts and stops everything it needs; prints one table.
 * Only this entry point writes to stdout.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Path runDir = Files.createDirectories(Path.of("bench", "target", "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath());
        RunSettings settings = RunSettings.parse(argv, runDir);
        System.out.printf("fleetdeck-bench: %s, %d cores, JDK %s; logs in %s%n", LocalDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), runDir);
        BenchReport report = new BenchReport(System.out);
        try (MosquittoBroker broker = new MosquittoBroker(runDir, MosquittoBroker.Tuning.SATURATION).start()) {
            System.out.println("mosquitto on " + broker.url());
            SaturationPhase saturation = new SaturationPhase(settings, broker);
            System.out.println("phase 1/3: mosquitto_sub saturation…");
            SaturationResult baseline = saturation.baseline();
            System.out.println("phase 2/3: Fleetdeck ingest saturation…");
            SaturationResult console = saturation.console();
            report.saturation(baseline, console);
            System.out.println();
            System.out.println("phase 3/3: fixed load…");
            report.fixedLoad(new FixedLoadPhase(settings, broker).run(), settings);
        }
    }
}
