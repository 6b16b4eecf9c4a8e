package io.fleetdeck.bench;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A console killed with SIGKILL under fixed load, then a recount. {@link PacedPublisher} offers {@code --kill-rate}
 * readings/s at QoS 1; after {@code --kill-seconds} the console JVM is killed; a new console JVM starts on the same
 * data directory, so with the same client id its persistent session gets what the broker queued meanwhile and what
 * the killed one had not acknowledged. The load goes on for another {@code --kill-seconds}, stops, the console
 * catches up and closes, and the file is recounted.
 */
final class ConsoleKillPhase {
    private final RunSettings settings;
    private final PhaseSettings phases;

    ConsoleKillPhase(RunSettings settings, PhaseSettings phases) {
        this.settings = settings;
        this.phases = phases;
    }

    RecountResult run() throws Exception {
        Path dir = Files.createDirectories(settings.runDir().resolve("kill"));
        Path data = Files.createDirectories(dir.resolve("console"));
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker")),
                MosquittoBroker.Tuning.NO_DROP, List.of(BrokerBacklog.SYS_INTERVAL_LINE)).start();
             BrokerBacklog backlog = BrokerBacklog.watch(broker.url())) {
            List<String> probeArgs = List.of("--broker", broker.url(), "--data", data.toString(), "--prefix", "kil",
                    "--devices", Integer.toString(settings.fixedDevices()));
            long published;
            double offered;
            Map<String, String> window;
            Map<String, String> totals;
            CatchUp catchUp;
            String note;
            try (ChildJvm first = ChildJvm.start("console-kill-1", settings.runDir(), 0, List.of(),
                    ConsoleProbe.class, probeArgs)) {
                first.await("ready", 30_000);
                try (ChildJvm publisher = ChildJvm.start("publisher-kill", settings.runDir(), 0, List.of(),
                        PacedPublisher.class, List.of("--broker", broker.url(), "--prefix", "kil",
                                "--devices", Integer.toString(settings.fixedDevices()),
                                "--rate", Integer.toString(phases.killRate()),
                                // Only a bound: the runner stops it.
                                "--seconds", Integer.toString(2 * phases.killS() + phases.drainS())))) {
                    publisher.await("acked", 30_000);
                    long loadStart = System.nanoTime();
                    Thread.sleep(phases.killS() * 1000L);
                    String before = first.result("progress");
                    long killedAt = System.nanoTime();
                    int status = first.kill();
                    try (ChildJvm second = ChildJvm.start("console-kill-2", settings.runDir(), 0, List.of(),
                            ConsoleProbe.class, probeArgs)) {
                        second.await("ready", 60_000);
                        double downS = (System.nanoTime() - killedAt) / 1e9;
                        second.send("mark");
                        second.await("marked", 10_000);
                        Thread.sleep(phases.killS() * 1000L);
                        publisher.send("stop");
                        published = Long.parseLong(publisher.await("total", 60_000).split(" ")[1]);
                        offered = published / ((System.nanoTime() - loadStart) / 1e9);
                        second.send("report");
                        second.await("reported", 30_000);
                        window = second.snapshot();
                        catchUp = CatchUp.await(second, backlog, phases.drainS());
                        second.send("finish");
                        second.await("finished", 150_000);
                        totals = second.snapshot();
                        second.waitForExit(30_000);
                        String[] counters = before.split(" ");
                        note = String.format(Locale.ROOT, "killed console: exit status %d (%s) after %,d decoded, "
                                        + "%,d committed; new console ready %.1f s after the kill; its history file "
                                        + "moved aside: %s", status, status == 137 ? "SIGKILL" : "NOT SIGKILL",
                                Long.parseLong(counters[1]), Long.parseLong(counters[2]), downS,
                                second.result("history-moved-aside"));
                    }
                }
            }
            HistoryRecount.Counted counted = HistoryRecount.count(data);
            String load = String.format(Locale.ROOT, "paced publisher, %,d readings/s over %d devices, QoS 1, "
                    + "%d s + kill + %d s", phases.killRate(), settings.fixedDevices(), phases.killS(), phases.killS());
            return new RecountResult("console kill -9", load, published, offered, window, catchUp, counted,
                    totals, note);
        }
    }
}
