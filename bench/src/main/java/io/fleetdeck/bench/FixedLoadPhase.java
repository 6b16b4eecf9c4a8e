package io.fleetdeck.bench;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's own simulator at a fixed rate into the console probe for a measured window, then a clean stop: the
 * fleet flushes and says offline, the probe waits for ingest to go quiet and flushes history, and what the fleet had
 * acknowledged is compared with what SQLite holds.
 */
final class FixedLoadPhase {
    private final RunSettings settings;
    private final MosquittoBroker broker;

    FixedLoadPhase(RunSettings settings, MosquittoBroker broker) {
        this.settings = settings;
        this.broker = broker;
    }

    /** Where the fixed-load console keeps its history, for the recount after it closed. */
    static Path dataDirectory(RunSettings settings) {
        return settings.runDir().resolve("console-fixed");
    }

    FixedLoadResult run() throws Exception {
        Path data = Files.createDirectories(dataDirectory(settings));
        try (ChildJvm probe = ChildJvm.start("console-fixed", settings.runDir(), 0, List.of(), ConsoleProbe.class,
                List.of("--broker", broker.url(), "--data", data.toString(), "--prefix", "fix",
                        "--devices", Integer.toString(settings.fixedDevices())))) {
            probe.await("ready", 30_000);
            int simSeconds = settings.warmupS() + settings.fixedS() + 1;
            try (ChildJvm fleet = ChildJvm.start("simulator", settings.runDir(), 0, List.of(), SimulatorRun.class,
                    List.of("--broker", broker.url(), "--prefix", "fix",
                            "--devices", Integer.toString(settings.fixedDevices()),
                            "--rate", Double.toString(settings.fixedRateHz()),
                            "--seconds", Integer.toString(simSeconds)))) {
                fleet.await("acked", 30_000);
                CpuWindow cpu = new CpuWindow().track("mosquitto", broker.pid()).track("publisher", fleet.pid())
                        .track("consumer", probe.pid());
                Thread.sleep(settings.warmupS() * 1000L);
                probe.send("mark");
                probe.await("marked", 10_000);
                long acked0 = fleet.longAt("acked", 0);
                long t0 = System.nanoTime();
                cpu.start();
                Thread.sleep(settings.fixedS() * 1000L);
                probe.send("report");
                probe.await("reported", 30_000);
                cpu.stop();
                double offered = (fleet.longAt("acked", 0) - acked0) / ((System.nanoTime() - t0) / 1e9);
                var window = probe.snapshot();
                long published = Long.parseLong(fleet.await("total", 60_000));
                probe.send("finish");
                probe.await("finished", 150_000);
                return new FixedLoadResult(offered, published, window, probe.snapshot(), cpu.shares());
            }
        }
    }
}
