package io.fleetdeck.bench;

import io.fleetdeck.daemon.FleetdeckDaemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One run of the OTA benchmark, everything fresh: a console JVM ({@link OtaConsoleProbe}), a fleet JVM
 * ({@code fleetdeckd simulate}), then
 * <ol>
 *   <li>fan-out: curl × devices against the console's image server, and the real rollout to every device (the
 *       order alternates between runs, so neither side always finds the disk busier);</li>
 *   <li>write path: {@code dd conv=fsync} and the daemon's installer alone ({@link InstallerProbe}), also in
 *       alternating order.</li>
 * </ol>
 * The image is read once before each contender, so all start from the same warm page cache. The large files of the
 * run are deleted at its end; logs and {@code phases.csv} stay.
 */
final class OtaRun {
    private static final String VERSION = "2.0.0";

    private final OtaBenchSettings settings;
    private final OtaImage image;
    private final int run;
    private final PrintStream out;
    private final Path dir;
    private final Baselines baselines;

    OtaRun(OtaBenchSettings settings, OtaImage image, int run, PrintStream out) throws IOException {
        this.settings = settings;
        this.image = image;
        this.run = run;
        this.out = out;
        this.dir = Files.createDirectories(settings.runDir().resolve("run-" + run));
        this.baselines = new Baselines(dir.resolve("baselines.log"));
    }

    OtaRunResult run() throws Exception {
        double load = Machine.load1();
        String prefix = "r" + run;
        int devices = settings.devices();
        try (ChildJvm console = ChildJvm.start("run-" + run + "/console", settings.runDir(), 0, List.of(),
                OtaConsoleProbe.class, List.of("--data", dir.resolve("console").toString(), "--prefix", prefix,
                        "--devices", Integer.toString(devices), "--image", image.file().toString(),
                        "--version", VERSION, "--out", dir.toString()))) {
            String broker = awaitConsole(console, "broker", 60_000);
            awaitConsole(console, "ready", 60_000);
            try (ChildJvm fleet = ChildJvm.start("run-" + run + "/fleet", settings.runDir(), 0,
                    settings.deviceJvmOptions(),
                    FleetdeckDaemon.class, List.of("simulate", "--devices", Integer.toString(devices),
                            "--broker", broker, "--id-prefix", prefix, "--rate", "1",
                            "--state-dir", dir.resolve("fleet").toString(),
                            "--slot-capacity", Long.toString(settings.slotCapacityMib()),
                            "--health-timeout", "60", "--mdns-interface", "lo"))) {
                out.printf("run %d: console and %d simulated devices starting; adopting, importing, pre-flight…%n",
                        run, devices);
                console.send("prepare");
                awaitConsole(console, "prepared", 15 * 60_000);
                Path stored = Path.of(console.result("image-file"));
                console.send("grant " + devices);
                awaitConsole(console, "granted", 60_000);
                List<Baselines.Grant> grants = new ArrayList<>();
                for (int i = 1; i <= devices; i++) {
                    grants.add(Baselines.Grant.parse(console.result("grant-" + i)));
                }

                Baselines.CurlResult curl = null;
                Map<String, Double> curlCpu = null;
                Map<String, Double> fleetCpu = null;
                boolean curlFirst = run % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    OtaImage.warm(stored);
                    if ((turn == 0) == curlFirst) {
                        out.printf("run %d: curl x %d…%n", run, devices);
                        CpuWindow cpu = cpuWindow(console, fleet);
                        cpu.start();
                        curl = baselines.curlFanOut(grants, dir.resolve("curl"), image.size());
                        cpu.stop();
                        curlCpu = cpu.shares();
                        deleteTree(dir.resolve("curl"));
                    } else {
                        out.printf("run %d: Fleetdeck rollout to %d devices…%n", run, devices);
                        CpuWindow cpu = cpuWindow(console, fleet);
                        cpu.start();
                        console.send("start");
                        awaitConsole(console, "past-verifying-ms", 40 * 60_000);
                        cpu.stop();
                        fleetCpu = cpu.shares();
                        awaitConsole(console, "started", 15 * 60_000);
                    }
                }
                fleet.close();
                deleteTree(dir.resolve("fleet"));

                out.printf("run %d: write path: dd and the installer…%n", run);
                console.forget("granted");
                console.forget("grant-1");
                console.send("grant 1");
                awaitConsole(console, "granted", 60_000);
                Baselines.Grant one = Baselines.Grant.parse(console.result("grant-1"));
                Baselines.DdResult dd = null;
                String[] first = null;
                String[] second = null;
                double firstServerCpu = 0;
                boolean ddFirst = run % 2 == 1;
                try (ChildJvm installer = ChildJvm.start("run-" + run + "/installer", settings.runDir(), 0,
                        settings.deviceJvmOptions(), InstallerProbe.class, List.of("--url", one.url(),
                                "--token", one.token(),
                                "--size", Long.toString(image.size()), "--sha256", image.sha256(),
                                "--version", VERSION,
                                "--capacity", Long.toString(settings.slotCapacityMib() << 20)))) {
                    installer.await("ready", 60_000);
                    for (int turn = 0; turn < 2; turn++) {
                        OtaImage.warm(stored);
                        if ((turn == 0) == ddFirst) {
                            dd = baselines.dd(stored, dir.resolve("dd").resolve("slot-b.img"));
                            deleteTree(dir.resolve("dd"));
                        } else {
                            double serverCpu = ProcessCpu.seconds(console.pid());
                            first = install(installer, "first");
                            firstServerCpu = ProcessCpu.seconds(console.pid()) - serverCpu;
                            OtaImage.warm(stored);
                            second = install(installer, "second");
                        }
                    }
                }
                deleteTree(dir.resolve("console"));
                return new OtaRunResult(run, load, curl, curlCpu, console.longAt("accepted-ms", 0),
                        console.longAt("all-downloading-ms", 0), console.longAt("all-verifying-ms", 0),
                        console.longAt("past-verifying-ms", 0), console.longAt("committed-ms", 0),
                        console.longAt("median-download-write-ms", 0), console.longAt("median-read-back-ms", 0),
                        console.longAt("median-restart-health-ms", 0), fleetCpu, dd.ms(),
                        Double.parseDouble(first[0]), Double.parseDouble(first[1]),
                        Double.parseDouble(second[0]), Double.parseDouble(second[1]), dd.cpuS(),
                        Double.parseDouble(first[2]), firstServerCpu);
            } finally {
                console.send("quit");
            }
        }
    }

    private String[] install(ChildJvm installer, String name) throws Exception {
        Path target = dir.resolve("installer-" + name);
        installer.send("install " + name + " " + target);
        String[] result = installer.await(name, 10 * 60_000, "error").split(" ");
        deleteTree(target);
        return result;
    }

    private static String awaitConsole(ChildJvm console, String key, long timeoutMs) throws Exception {
        return console.await(key, timeoutMs, "error");
    }

    private static CpuWindow cpuWindow(ChildJvm console, ChildJvm fleet) {
        return new CpuWindow().track("console", console.pid()).track("fleet", fleet.pid());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
