package io.fleetdeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code fleetdeck-bench-tiles}: the console window with a large simulated fleet. One JVM runs the console (real
 * window, embedded broker, SQLite history, {@link TilesConsole}), another the daemon's simulator (1,000 devices at
 * 1 Hz per sensor by default, four sensors each), niced so the console gets the CPU it asks for. Once every device is
 * online and one device's four charts are open, after a warm-up, it measures for a window: the FX pulse durations
 * (from the console), the console's RSS from {@code /proc/<pid>/status} (sampled each second) and its CPU from
 * {@code /proc/<pid>/stat}. Then it takes a screenshot of the X display with ImageMagick's {@code import}.
 */
public final class TilesBenchMain {
    /** The console's JVM options as it ships, relative to the project directory the script runs in. */
    private static final String CONSOLE_JVM_OPTIONS = "assets/console-jvm.options";

    private TilesBenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int devices = args.integer("devices", 1000);
        double rate = Double.parseDouble(args.text("rate", "1"));
        int warmupS = args.integer("warmup-seconds", 30);
        int seconds = args.integer("seconds", 60);
        String heap = args.text("console-heap", "");
        boolean nmt = Boolean.parseBoolean(args.text("nmt", "false"));
        boolean profile = Boolean.parseBoolean(args.text("profile", "false"));
        boolean charts = Boolean.parseBoolean(args.text("charts", "true"));
        Path runDir = Files.createDirectories(Path.of("bench", "target", "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-tiles")
                .toAbsolutePath());
        Path screenshot = Path.of(args.text("screenshot", runDir.resolve("tiles.png").toString())).toAbsolutePath();
        System.out.printf(Locale.ROOT, "fleetdeck-bench-tiles: %s; %d devices at %s Hz per sensor, warm-up %d s, "
                + "window %d s; logs in %s%n", LocalDateTime.now().withNano(0), devices, rate, warmupS, seconds, runDir);
        System.out.println("machine: " + Machine.describe(runDir));
        System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).strip());

        // The console's JVM runs with the options it ships with (a java @argfile), unless told "none" (JVM defaults,
        // to compare against); --console-heap, after them, overrides their -Xmx.
        String jvmOptions = args.text("console-jvm-options", CONSOLE_JVM_OPTIONS);
        List<String> consoleFlags = new ArrayList<>(List.of("-Dprism.order=sw"));
        if (!jvmOptions.equals("none")) {
            consoleFlags.add("@" + Path.of(jvmOptions).toAbsolutePath());
        }
        if (!heap.isBlank()) {
            consoleFlags.add("-Xmx" + heap);
        }
        if (nmt) {
            consoleFlags.add("-XX:NativeMemoryTracking=summary");
        }
        if (profile) {
            // The whole run; the measured window is the last `seconds` before the dump at exit.
            // Deep stacks: layout and CSS recurse down the scene graph, past JFR's default depth of 64.
            consoleFlags.add("-XX:FlightRecorderOptions=stackdepth=512");
            consoleFlags.add("-XX:StartFlightRecording=settings=profile,filename="
                    + runDir.resolve("console.jfr"));
        }
        try (ChildJvm console = ChildJvm.start("console", runDir, 0, consoleFlags, TilesConsole.class,
                List.of("--data", Files.createDirectories(runDir.resolve("console")).toString(),
                        "--devices", Integer.toString(devices), "--chart-device", charts ? "sim-0001" : "",
                        "--warmup-seconds", Integer.toString(warmupS), "--seconds", Integer.toString(seconds)))) {
            String broker = console.await("broker", 120_000);
            System.out.println("console: pid " + console.pid() + ", broker " + broker + ", JVM options "
                    + (jvmOptions.equals("none") ? "none (JVM defaults)" : jvmOptions)
                    + (heap.isBlank() ? "" : ", -Xmx" + heap));
            try (ChildJvm fleet = ChildJvm.start("simulator", runDir, 10, List.of(), SimulatorRun.class,
                    List.of("--broker", broker, "--devices", Integer.toString(devices), "--rate", Double.toString(rate),
                            "--prefix", "sim", "--seconds", "86400"))) {
                long startMs = System.currentTimeMillis();
                console.await("online", 1_000_000);
                System.out.printf(Locale.ROOT, "fleet: %d devices online after %.0f s%n", devices,
                        (System.currentTimeMillis() - startMs) / 1000.0);
                System.out.println("charts open: " + console.await("charts", 120_000));
                System.out.println("nodes drawn through an image cache: " + console.await("cached-nodes", 60_000));
                console.await("measuring", (warmupS + 120) * 1000L);
                long pid = console.pid();
                double cpu0 = ProcessCpu.seconds(pid);
                double machine0 = ProcessCpu.machineBusySeconds();
                double simCpu0 = ProcessCpu.seconds(fleet.pid());
                long wall0 = System.nanoTime();
                long rssMax = 0;
                long rssSum = 0;
                int samples = 0;
                while (!console.snapshot().containsKey("measured")) {
                    long rss = rssKib(pid);
                    rssMax = Math.max(rssMax, rss);
                    rssSum += rss;
                    samples++;
                    Thread.sleep(1000);
                }
                double wallS = (System.nanoTime() - wall0) / 1e9;
                double cpuS = ProcessCpu.seconds(pid) - cpu0;
                double machineS = ProcessCpu.machineBusySeconds() - machine0;
                double simCpuS = ProcessCpu.seconds(fleet.pid()) - simCpu0;
                long rssEnd = rssKib(pid);
                String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
                if (nmt) {
                    nativeMemory(pid, runDir.resolve("console-nmt.txt"));
                }
                boolean shot = screenshot(screenshot);

                System.out.println();
                System.out.printf(Locale.ROOT, "FX pulse (first timer to after sync): p50 %s ms, p99 %s ms, max %s ms,"
                        + " %s pulses (%s/s)%n", console.result("pulse-p50-ms"), console.result("pulse-p99-ms"),
                        console.result("pulse-max-ms"), console.result("pulse-count"),
                        console.result("pulses-per-s"));
                System.out.printf(Locale.ROOT, "FX pulse to end of layout:             p50 %s ms, p99 %s ms, max %s ms%n",
                        console.result("layout-p50-ms"), console.result("layout-p99-ms"),
                        console.result("layout-max-ms"));
                System.out.printf(Locale.ROOT, "FX thread CPU in a pulse:              p50 %s ms, p99 %s ms, max %s ms%n",
                        console.result("fx-cpu-p50-ms"), console.result("fx-cpu-p99-ms"),
                        console.result("fx-cpu-max-ms"));
                String[] slow = console.result("slow-pulses").split(" ");
                System.out.printf(Locale.ROOT, "pulses over 20 ms: %s, of which %s had a garbage collection in them%n",
                        slow[0], slow[1]);
                double renderS = Double.parseDouble(console.result("render-cpu-s"));
                System.out.println(renderS < 0 ? "render thread CPU: not found"
                        : String.format(Locale.ROOT, "render thread CPU (QuantumRenderer-0): %.1f %% of one core "
                        + "(%.2f s in the window)", 100 * renderS / seconds, renderS));
                System.out.printf(Locale.ROOT, "console RSS: max %.0f MB, mean %.0f MB, at end %.0f MB (%d samples)%n",
                        rssMax / 1024.0, rssSum / 1024.0 / Math.max(1, samples), rssEnd / 1024.0, samples);
                System.out.printf(Locale.ROOT, "console CPU: %.1f %% of one core (%.1f s in %.1f s); simulator %.1f %%;"
                        + " machine busy %.1f %% of %d cores%n", 100 * cpuS / wallS, cpuS, wallS,
                        100 * simCpuS / wallS, 100 * machineS / wallS / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors());
                String[] tiles = console.result("tile-nodes").split(" ");
                System.out.printf(Locale.ROOT, "tile nodes in the scene: %s (%s holding a device) for %s devices "
                        + "shown%n", tiles[0], tiles[1], console.result("devices-shown"));
                System.out.println("readings ingested so far: " + console.result("readings"));
                System.out.println("load average at the end of the window: " + loadAfter);
                System.out.println(shot ? "screenshot: " + screenshot : "screenshot: none (no DISPLAY or no import)");
            }
        }
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Where the console's memory goes, by the JVM's own account: {@code jcmd <pid> VM.native_memory summary}. */
    private static void nativeMemory(long pid, Path file) throws InterruptedException {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "VM.native_memory", "summary").redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start();
            jcmd.waitFor();
            System.out.println("native memory summary: " + file);
        } catch (IOException e) {
            System.out.println("native memory summary: jcmd failed: " + e.getMessage());
        }
    }

    private static boolean screenshot(Path file) throws InterruptedException {
        if (System.getenv("DISPLAY") == null) {
            return false;
        }
        try {
            Files.createDirectories(file.getParent());
            Process process = new ProcessBuilder("import", "-window", "root", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
