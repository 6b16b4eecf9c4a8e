package io.fleetdeck.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default set-up killed: a console with its embedded broker (telemetry PUBACKed only once committed) and the
 * daemon's own simulator ({@link SimulatorRun}: real sampling, batching, QoS 1 window, reconnect and re-send of
 * unacknowledged batches). After {@code --kill-seconds} the console JVM gets SIGKILL, and the broker dies with it; a
 * new console starts on the same port and data directory, the devices reconnect and send again what had no PUBACK.
 * The fleet then runs another {@code --kill-seconds}, closes (waits for its last PUBACKs) and prints its exact
 * acknowledged count, which is compared with the distinct readings in the file.
 */
final class EmbeddedKillPhase {
    private final RunSettings settings;
    private final PhaseSettings phases;

    EmbeddedKillPhase(RunSettings settings, PhaseSettings phases) {
        this.settings = settings;
        this.phases = phases;
    }

    RecountResult run() throws Exception {
        Path dir = Files.createDirectories(settings.runDir().resolve("kill-embedded"));
        Path data = Files.createDirectories(dir.resolve("console"));
        int port = freeLoopbackPort();
        List<String> probeArgs = List.of("--embedded-port", Integer.toString(port), "--data", data.toString(),
                "--prefix", "emb", "--devices", Integer.toString(settings.fixedDevices()));
        String url = "tcp://127.0.0.1:" + port;
        long published;
        long unacknowledged;
        double offered;
        Map<String, String> window;
        Map<String, String> totals;
        CatchUp catchUp;
        String note;
        int fleetSeconds = 2 * phases.killS() + 15;
        try (ChildJvm first = ChildJvm.start("console-kill-emb-1", settings.runDir(), 0, List.of(),
                ConsoleProbe.class, probeArgs)) {
            first.await("ready", 30_000);
            try (ChildJvm fleet = ChildJvm.start("simulator-kill-emb", settings.runDir(), 0, List.of(),
                    SimulatorRun.class, List.of("--broker", url, "--prefix", "emb",
                            "--devices", Integer.toString(settings.fixedDevices()),
                            "--rate", Double.toString(settings.fixedRateHz()),
                            "--seconds", Integer.toString(fleetSeconds)))) {
                fleet.await("acked", 30_000);
                long loadStart = System.nanoTime();
                Thread.sleep(phases.killS() * 1000L);
                String before = first.result("progress");
                long ackedAtKill = fleet.longAt("acked", 0);
                long killedAt = System.nanoTime();
                int status = first.kill();
                try (ChildJvm second = ChildJvm.start("console-kill-emb-2", settings.runDir(), 0, List.of(),
                        ConsoleProbe.class, probeArgs)) {
                    second.await("ready", 60_000);
                    double downS = (System.nanoTime() - killedAt) / 1e9;
                    second.send("mark");
                    second.await("marked", 10_000);
                    try {
                        published = Long.parseLong(fleet.await("total", (fleetSeconds + 120) * 1000L));
                    } catch (java.util.concurrent.TimeoutException e) {
                        dumpThreads(fleet, dir.resolve("simulator-threads.txt"));
                        throw e;
                    }
                    unacknowledged = Long.parseLong(fleet.result("unacknowledged"));
                    offered = published / ((System.nanoTime() - loadStart) / 1e9);
                    second.send("report");
                    second.await("reported", 30_000);
                    window = second.snapshot();
                    catchUp = CatchUp.awaitQuiet(second, phases.drainS());
                    second.send("finish");
                    second.await("finished", 150_000);
                    totals = second.snapshot();
                    second.waitForExit(30_000);
                    String[] counters = before.split(" ");
                    note = String.format(Locale.ROOT, "killed console+broker: exit status %d (%s) after %,d decoded, "
                                    + "%,d committed, %,d PUBACKed to the fleet; new console ready %.1f s after the "
                                    + "kill; its history file moved aside: %s", status,
                            status == 137 ? "SIGKILL" : "NOT SIGKILL", Long.parseLong(counters[1]),
                            Long.parseLong(counters[2]), ackedAtKill, downS, second.result("history-moved-aside"));
                }
            }
        }
        HistoryRecount.Counted counted = HistoryRecount.count(data);
        String load = String.format(Locale.ROOT, "daemon simulator, %d devices × 4 sensors × %.0f Hz, QoS 1, "
                + "%d s + kill + rest of %d s", settings.fixedDevices(), settings.fixedRateHz(), phases.killS(),
                fleetSeconds);
        return new RecountResult("console kill -9 (embedded broker)", load, published, offered, window, catchUp,
                counted, totals, note, unacknowledged);
    }

    /** A fleet that never finishes is a bug to chase: keep its threads' stacks beside the logs. */
    private static void dumpThreads(ChildJvm jvm, Path file) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
            System.out.println("  simulator threads dumped to " + file);
        } catch (IOException e) {
            System.out.println("  could not dump the simulator's threads: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
