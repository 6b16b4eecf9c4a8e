package io.fleetdeck.bench;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * More telemetry than the console can commit, then a recount. The fast publisher offers as fast as its own broker
 * acknowledges (QoS 1, exact PUBACK counts) for {@code --overload-seconds}, into a fresh console; then the load stops,
 * the console catches up with what the broker queued, closes, and the file is recounted. The broker queues without
 * limit ({@link MosquittoBroker.Tuning#NO_DROP}), so a reading it acknowledged can only be lost by the console.
 */
final class OverloadPhase {
    private final RunSettings settings;
    private final PhaseSettings phases;

    OverloadPhase(RunSettings settings, PhaseSettings phases) {
        this.settings = settings;
        this.phases = phases;
    }

    RecountResult run() throws Exception {
        Path dir = Files.createDirectories(settings.runDir().resolve("overload"));
        Path data = Files.createDirectories(dir.resolve("console"));
        try (MosquittoBroker broker = new MosquittoBroker(Files.createDirectories(dir.resolve("broker")),
                MosquittoBroker.Tuning.NO_DROP, List.of(BrokerBacklog.SYS_INTERVAL_LINE)).start();
             BrokerBacklog backlog = BrokerBacklog.watch(broker.url())) {
            long published;
            Map<String, String> window;
            CatchUp catchUp;
            Map<String, String> totals;
            try (ChildJvm probe = ChildJvm.start("console-overload", settings.runDir(), 0, List.of(),
                    ConsoleProbe.class, List.of("--broker", broker.url(), "--data", data.toString(),
                            "--prefix", "ovl", "--devices", Integer.toString(settings.satDevices())))) {
                probe.await("ready", 30_000);
                try (ChildJvm publisher = ChildJvm.start("publisher-overload", settings.runDir(),
                        settings.publisherNice(), List.of(), FastPublisher.class,
                        List.of("--broker", broker.url(), "--prefix", "ovl",
                                "--devices", Integer.toString(settings.satDevices()),
                                "--connections", Integer.toString(settings.satConnections()),
                                "--batch", Integer.toString(settings.satBatch()),
                                "--window", Integer.toString(settings.satWindow()),
                                "--seconds", Integer.toString(phases.overloadS())))) {
                    publisher.await("acked", 30_000);
                    probe.send("mark");
                    probe.await("marked", 10_000);
                    // The publisher's last in-flight batches are acknowledged before it prints its total.
                    published = Long.parseLong(publisher.await("total", (phases.overloadS() + 60) * 1000L)
                            .split(" ")[1]);
                    probe.send("report");
                    probe.await("reported", 30_000);
                    window = probe.snapshot();
                }
                catchUp = CatchUp.await(probe, backlog, phases.drainS());
                probe.send("finish");
                probe.await("finished", 150_000);
                totals = probe.snapshot();
                probe.waitForExit(30_000);
            }
            HistoryRecount.Counted counted = HistoryRecount.count(data);
            String load = String.format(Locale.ROOT, "fast publisher, %d sessions x window %d, %d devices, QoS 1, "
                            + "%d s", settings.satConnections(), settings.satWindow(), settings.satDevices(),
                    phases.overloadS());
            return new RecountResult("overload", load, published, published / (double) phases.overloadS(), window,
                    catchUp, counted, totals, "");
        }
    }
}
