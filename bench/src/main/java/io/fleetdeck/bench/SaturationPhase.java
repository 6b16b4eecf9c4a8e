package io.fleetdeck.bench;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Offers more telemetry than a consumer can take and measures what it processes. The two consumers run one after
 * the other against the same publisher settings, not at once: on two cores, running both together would make each
 * steal CPU from the other and from the broker, and the ratio would measure the contention instead.
 */
final class SaturationPhase {
    private final RunSettings settings;
    private final MosquittoBroker broker;

    SaturationPhase(RunSettings settings, MosquittoBroker broker) {
        this.settings = settings;
        this.broker = broker;
    }

    SaturationResult baseline() throws Exception {
        try (BaselineSubscriber subscriber = BaselineSubscriber.start(broker.port(), settings.runDir(),
                settings.encoding(), settings.satBatch())) {
            Thread.sleep(1_000);
            try (ChildJvm publisher = startPublisher("satb")) {
                CpuWindow cpu = new CpuWindow().track("mosquitto", broker.pid()).track("publisher", publisher.pid())
                        .track("consumer", subscriber.pid());
                Thread.sleep(settings.warmupS() * 1000L);
                long messages0 = subscriber.messages();
                long readings0 = subscriber.readings();
                long offered0 = publisher.longAt("acked", 1);
                long t0 = System.nanoTime();
                cpu.start();
                Thread.sleep(settings.saturationS() * 1000L);
                cpu.stop();
                double seconds = (System.nanoTime() - t0) / 1e9;
                double offered = (publisher.longAt("acked", 1) - offered0) / seconds;
                return new SaturationResult("mosquitto_sub (baseline)", (subscriber.messages() - messages0) / seconds,
                        (subscriber.readings() - readings0) / seconds, offered, cpu.shares(), "");
            }
        }
    }

    SaturationResult console() throws Exception {
        Path data = Files.createDirectories(settings.runDir().resolve("console-saturation"));
        List<String> flags = new ArrayList<>();
        if (settings.profileConsole()) {
            flags.add("-XX:StartFlightRecording=filename=" + settings.runDir().resolve("console-saturation.jfr")
                    + ",settings=profile");
        }
        try (ChildJvm probe = ChildJvm.start("console-saturation", settings.runDir(), 0, flags, ConsoleProbe.class,
                List.of("--broker", broker.url(), "--data", data.toString(), "--prefix", "satc",
                        "--devices", Integer.toString(settings.satDevices())))) {
            probe.await("ready", 30_000);
            try (ChildJvm publisher = startPublisher("satc")) {
                CpuWindow cpu = new CpuWindow().track("mosquitto", broker.pid()).track("publisher", publisher.pid())
                        .track("consumer", probe.pid());
                Thread.sleep(settings.warmupS() * 1000L);
                probe.send("mark");
                probe.await("marked", 10_000);
                long offered0 = publisher.longAt("acked", 1);
                long t0 = System.nanoTime();
                cpu.start();
                Thread.sleep(settings.saturationS() * 1000L);
                probe.send("report");
                probe.await("reported", 30_000);
                cpu.stop();
                double offered = (publisher.longAt("acked", 1) - offered0) / ((System.nanoTime() - t0) / 1e9);
                double accepted = probe.number("accepted-per-s");
                double committed = probe.number("committed-per-s");
                String note = String.format(java.util.Locale.ROOT,
                        "decoded %,.0f readings/s, committed %,.0f/s; history queue %s, dropped %s; "
                                + "JVM %.0f %% of a core",
                        accepted, committed, probe.result("history-queued"), probe.result("history-dropped"),
                        probe.number("jvm-cpu-core-pct"));
                // The backlog left at the broker is not drained: that would take longer than the phase itself.
                return new SaturationResult("Fleetdeck ingest", probe.number("messages-per-s"),
                        Math.min(accepted, committed), offered, cpu.shares(), note);
            }
        }
    }

    private ChildJvm startPublisher(String prefix) throws Exception {
        ChildJvm publisher = ChildJvm.start("publisher-" + prefix, settings.runDir(), settings.publisherNice(),
                List.of(), FastPublisher.class,
                List.of("--broker", broker.url(), "--prefix", prefix,
                        "--devices", Integer.toString(settings.satDevices()),
                        "--connections", Integer.toString(settings.satConnections()),
                        "--batch", Integer.toString(settings.satBatch()),
                        "--window", Integer.toString(settings.satWindow()),
                        "--encoding", settings.encoding().token(),
                        "--seconds", Integer.toString(settings.warmupS() + settings.saturationS() + 2)));
        publisher.await("acked", 30_000);
        return publisher;
    }
}
