package io.fleetdeck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code fleetdeck-bench-ota}: issue #4's performance figures. (a) One image to N simulated devices through the real
 * rollout (console runtime with its embedded broker and image server, devices in {@code fleetdeckd simulate}) against
 * N concurrent curl downloads from the same image server; (b) the daemon's installer alone against
 * {@code dd conv=fsync}. Every run starts everything afresh; the report gives each run, the median and the spread.
 * Only this entry point writes to stdout.
 */
public final class OtaBenchMain {
    private static final long LOAD_POLL_MS = 30_000;
    private static final long LOAD_PATIENCE_MS = 20 * 60_000;

    private OtaBenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Path runDir = Files.createDirectories(Path.of("bench", "target", "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-ota")
                .toAbsolutePath());
        OtaBenchSettings settings;
        try {
            settings = OtaBenchSettings.parse(argv, runDir);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetdeck-bench-ota: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "fleetdeck-bench-ota: %s; %d MiB x %d devices, %d run(s); logs in %s%n",
                LocalDateTime.now().withNano(0), settings.sizeMib(), settings.devices(), settings.runs(), runDir);
        System.out.println("machine: " + Machine.describe(runDir));
        if (!settings.deviceJvmOptions().isEmpty()) {
            System.out.println("device JVMs run with " + String.join(" ", settings.deviceJvmOptions()));
        }
        awaitQuiet(settings.maxLoad());
        Path imageFile = runDir.resolve("fleetdeck-sim-2.0.0.img");
        OtaImage image = OtaImage.write(imageFile, "2.0.0", settings.bytes());
        System.out.printf(Locale.ROOT, "image %s: %,d bytes, sha256 %s%n", imageFile.getFileName(), image.size(),
                image.sha256());
        List<OtaRunResult> results = new ArrayList<>();
        try {
            for (int run = 1; run <= settings.runs(); run++) {
                results.add(new OtaRun(settings, image, run, System.out).run());
            }
        } finally {
            Files.deleteIfExists(imageFile);
        }
        new OtaReport(System.out, settings).print(results);
        System.out.printf(Locale.ROOT, "load average (1 min) at the end: %.2f%n", Machine.load1());
    }

    /** Other jobs on a shared machine distort every figure: wait, bounded, until they calm down. */
    private static void awaitQuiet(double maxLoad) throws InterruptedException {
        if (Double.isNaN(maxLoad)) {
            System.out.printf(Locale.ROOT, "load average (1 min) at the start: %.2f%n", Machine.load1());
            return;
        }
        long deadline = System.currentTimeMillis() + LOAD_PATIENCE_MS;
        double load;
        while ((load = Machine.load1()) > maxLoad && System.currentTimeMillis() < deadline) {
            System.out.printf(Locale.ROOT, "load average %.2f > %.2f: waiting 30 s…%n", load, maxLoad);
            Thread.sleep(LOAD_POLL_MS);
        }
        System.out.printf(Locale.ROOT, "load average (1 min) at the start: %.2f%s%n", load,
                load > maxLoad ? " (still above " + maxLoad + " after 20 min; running anyway)" : "");
    }
}
