package io.fleetdeck.daemon;

import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.sim.FleetOptions;
import io.fleetdeck.daemon.sim.SimulatedFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code fleetdeckd simulate}: N virtual devices until SIGTERM/Ctrl-C, then {@code offline} for each. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run N virtual devices in this JVM, each with its own id, MQTT v5 session and simulated sensors.")
final class SimulateCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", required = true, paramLabel = "N", description = "Number of virtual devices (1..10000).")
    int devices;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "Broker, tcp://HOST:PORT.")
    String broker;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "1",
            description = "Samples per second per sensor, up to 100 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "sim",
            description = "Device ids are PREFIX-0001, PREFIX-0002, ... (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Reserved for per-device state; virtual devices keep none yet.")
    Path stateDir;

    @Mixin
    MdnsOption mdns;

    @Override
    public Integer call() throws InterruptedException {
        FleetOptions options;
        try {
            options = new FleetOptions(devices, rate, idPrefix, MqttSettings.defaults(broker));
            io.fleetdeck.model.DeviceId.of(String.format("%s-%04d", idPrefix, devices));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        mdns.logIgnored();
        if (stateDir != null) {
            log.info("--state-dir {} noted; simulated devices keep no state yet", stateDir);
        }
        SimulatedFleet fleet = SimulatedFleet.start(options);
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fleet-stats").factory());
        long[] last = {0, System.nanoTime()};
        stats.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long published = fleet.publishedReadings();
            double perSecond = (published - last[0]) / ((now - last[1]) / 1e9);
            last[0] = published;
            last[1] = now;
            log.info("{}/{} devices connected, {} readings acknowledged ({} /s)", fleet.connectedDevices(), devices,
                    published, Math.round(perSecond));
        }, 10, 10, TimeUnit.SECONDS);
        StopSignal stop = new StopSignal(() -> {
            stats.shutdownNow();
            log.info("stopping: publishing offline for {} devices", devices);
            fleet.close();
        });
        stop.await();
        return FleetdeckDaemon.EXIT_OK;
    }
}
