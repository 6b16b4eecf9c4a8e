package io.fleetdeck.simulator.cli;

import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.common.mdns.MdnsInterfaceException;
import io.fleetdeck.common.mdns.MdnsStartException;
import io.fleetdeck.daemon.cli.ExitCodes;
import io.fleetdeck.daemon.cli.MdnsOption;
import io.fleetdeck.daemon.cli.StopSignal;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code fleetdeckd simulate}: N virtual devices until SIGTERM/Ctrl-C, then {@code offline} for each. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run N virtual devices in this JVM, each with its own id, MQTT v5 session and simulated sensors.")
public final class SimulateCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", required = true, paramLabel = "N", description = "Number of virtual devices (1..10000).")
    int devices;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Broker, tcp://HOST:PORT or ssl://HOST:PORT. Without it the devices connect to the console "
                    + "found over mDNS.")
    String broker;

    @Option(names = "--broker-ca", paramLabel = "FILE",
            description = "The console's CA certificate (PEM, the console's <data>/tls/ca.pem): the only CA trusted for "
                    + "an ssl:// broker and https:// image URLs. Required with an ssl:// --broker.")
    Path brokerCa;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "1",
            description = "Samples per second per sensor, up to 100 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "sim",
            description = "Device ids are PREFIX-0001, PREFIX-0002, ... (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Each device keeps its key, A/B slots, trusted keys and install job in DIR/<id>/ (default: "
                    + "a temporary directory, deleted at exit).")
    Path stateDir;

    @Option(names = "--trusted-keys-dir", paramLabel = "DIR",
            description = "Console keys (*.pub, PEM) every device trusts from the start, as if its image carried "
                    + "them: the console adopts such devices without their pairing codes.")
    Path trustedKeysDir;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a device booting new firmware has to be back with a reading from every sensor "
                    + "before it rolls back (default: ${DEFAULT-VALUE}).")
    double healthTimeoutSeconds;

    @Option(names = "--slot-capacity", paramLabel = "MIB", defaultValue = "512",
            description = "Size of each firmware slot in MiB; slot files are sparse (default: ${DEFAULT-VALUE}).")
    long slotCapacityMib;

    @Option(names = "--telemetry-encoding", paramLabel = "auto|json|compact", defaultValue = "auto",
            converter = EncodingConverter.class,
            description = "How telemetry batches are encoded: auto = compact to a console found over mDNS that "
                    + "announces it reads it, else JSON; json; or compact (default: ${DEFAULT-VALUE}).")
    TelemetryEncodingChoice telemetryEncoding;

    @Option(names = "--run-for", paramLabel = "SECONDS",
            description = "Stop by itself after SECONDS, as on SIGTERM (default: run until stopped). A training run "
                    + "for a class-data archive (-XX:ArchiveClassesAtExit) ends this way: see docs/daemon.md.")
    Double runForSeconds;

    @Mixin
    MdnsOption mdns;

    static final class EncodingConverter implements CommandLine.ITypeConverter<TelemetryEncodingChoice> {
        @Override
        public TelemetryEncodingChoice convert(String value) {
            try {
                return TelemetryEncodingChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Simulations run beside a console on the same machine far more often than on a LAN. */
    static final List<String> DEFAULT_INTERFACES = List.of("lo");
    /** Only to validate counts and rates before the broker is known. */
    private static final String PLACEHOLDER = "tcp://127.0.0.1:1883";

    /** The devices' MQTT settings for {@code url}, trusting the CA of {@code --broker-ca} when given. */
    private MqttSettings mqtt(String url) {
        MqttSettings settings = MqttSettings.defaults(url);
        return brokerCa == null ? settings : settings.withCaFile(brokerCa);
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> interfaces = mdns.interfacesOr(DEFAULT_INTERFACES);
        SimFirmwareOptions firmware;
        try {
            if (runForSeconds != null && !(runForSeconds > 0)) {
                throw new IllegalArgumentException("--run-for must be positive");
            }
            if (!(healthTimeoutSeconds > 0) || slotCapacityMib < 1) {
                throw new IllegalArgumentException("--health-timeout and --slot-capacity must be positive");
            }
            firmware = new SimFirmwareOptions(Optional.ofNullable(stateDir), slotCapacityMib << 20,
                    OtaSettings.defaults().withHealthTimeout(Duration.ofMillis(Math.round(healthTimeoutSeconds
                            * 1000))), Optional.ofNullable(trustedKeysDir));
            new FleetOptions(devices, rate, idPrefix, mqtt(broker != null ? broker : PLACEHOLDER), firmware);
            if (broker != null && broker.startsWith("ssl://") && brokerCa == null) {
                throw new IllegalArgumentException("an ssl:// --broker needs --broker-ca FILE (the console's CA)");
            }
            io.fleetdeck.model.DeviceId.of(String.format("%s-%04d", idPrefix, devices));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DiscoverableFleet fleet;
        try {
            fleet = DiscoverableFleet.start(url -> new FleetOptions(devices, rate, idPrefix, mqtt(url), firmware),
                    devices, idPrefix, Optional.ofNullable(broker), Optional.ofNullable(mdns.console()),
                    Optional.ofNullable(stateDir), interfaces, HostNames.local(), telemetryEncoding);
        } catch (MdnsInterfaceException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IdentityException | MdnsStartException e) {
            log.error("cannot start: {}", e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (broker == null) {
            log.info("no --broker: waiting for a console on {} over mDNS", interfaces);
        }
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
            log.info("stopping: publishing offline and mDNS goodbyes for {} devices", devices);
            fleet.close();
        });
        if (runForSeconds == null) {
            stop.await();
        } else {
            stop.awaitAtMost(Duration.ofMillis(Math.round(runForSeconds * 1000)));
        }
        return ExitCodes.OK;
    }
}
