package io.fleetdeck.daemon;

import io.fleetdeck.common.mdns.MdnsInterfaceException;
import io.fleetdeck.common.mdns.MdnsInterfaces;
import io.fleetdeck.daemon.agent.StartupWarmup;
import io.fleetdeck.daemon.cli.MdnsOption;
import io.fleetdeck.daemon.cli.StopSignal;
import io.fleetdeck.daemon.config.ConfigException;
import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.discovery.DaemonMdns;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.TelemetryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code fleetdeckd run --config FILE}: the daemon of the one real device it runs on, until SIGTERM. Announces the
 * device over mDNS; without {@code broker.url} it connects to the console it finds there and follows it. Telemetry
 * goes out as {@code telemetry.encoding} says; with {@code auto}, compact only to a console that announces it reads it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Publish this device's sensors to the broker named in the config file, or to the console "
                + "found over mDNS, until stopped.")
final class RunCommand implements Callable<Integer> {
    /** A Pi on a LAN is why the daemon exists: announce wherever it has a multicast-capable link. */
    static final List<String> DEFAULT_INTERFACES = List.of(MdnsInterfaces.ALL);
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    /** How long a restart lets mDNS goodbyes run, counted from the start of the shutdown. */
    static final Duration GOODBYE_GRACE = Duration.ofMillis(250);

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Config file (Java properties), e.g. /etc/fleetdeckd/fleetdeckd.properties.")
    Path config;

    @Mixin
    MdnsOption mdns;

    private final Object lock = new Object();
    private DeviceAssembler.AssembledDevice device;
    private boolean stopping;
    private int failedStarts;
    /** The broker the daemon was last told to use; a retry for an older one is dropped. */
    private volatile String latestBrokerUrl;
    /** Hands a new start attempt to the broker-follower thread; set once the follower exists. */
    private java.util.function.Consumer<Optional<ConsoleAnnouncement>> retry = console -> { };

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig loaded;
        DeviceAssembler assembler = new DeviceAssembler();
        DeviceAssembler.DeviceDescription description;
        DaemonMdns discovery;
        try {
            loaded = new DaemonConfigLoader().load(config);
            description = assembler.describe(loaded);
            List<String> interfaces = mdns.interfacesOr(loaded.mdnsInterfaces().isEmpty() ? DEFAULT_INTERFACES
                    : loaded.mdnsInterfaces());
            discovery = DaemonMdns.open(interfaces, description.hostname());
        } catch (ConfigException | IdentityException | MdnsInterfaceException e) {
            log.error("cannot start: {}", e.getMessage());
            return FleetdeckDaemon.EXIT_CONFIG;
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.getMessage(), e);
            return FleetdeckDaemon.EXIT_FAILURE;
        }
        discovery.announce(description.hostname(), description.announcement());
        ExecutorService follower = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("broker-follower").factory());
        retry = console -> follower.execute(() -> connect(assembler, loaded, description,
                console.map(ConsoleAnnouncement::brokerUrl).orElseGet(() -> loaded.brokerUrl().orElseThrow()),
                console));
        StopSignal stop = new StopSignal(() -> stop(follower, description, discovery));
        if (loaded.brokerUrl().isPresent()) {
            follower.execute(() -> connect(assembler, loaded, description, loaded.brokerUrl().get(),
                    Optional.empty()));
        } else {
            Optional<String> wanted = Optional.ofNullable(mdns.console()).or(loaded::console);
            StartupWarmup.begin();
            // Once adopted (cmd/trust-key saves <state>/console.json), only that console moves the device.
            discovery.findConsole(wanted, ConsolePin.in(loaded.stateDir()), console -> follower.execute(
                    () -> connect(assembler, loaded, description, console.brokerUrl(), Optional.of(console))));
            log.info("no broker.url: waiting for a console on {} over mDNS", discovery.interfaces());
        }
        stop.await();
        return FleetdeckDaemon.EXIT_OK;
    }

    /**
     * Runs on the shutdown hook. A stop says {@code offline} and sends mDNS goodbyes, taking the time they need
     * (seconds: JmDNS repeats its goodbyes). A restart or reboot the updater asked for is brief: the install report
     * still goes out first, but {@code offline} is left to the will if it is slow and the goodbyes get {@link
     * #GOODBYE_GRACE} (the first goes out at once) while the MQTT session closes, since the device announces itself
     * again within seconds.
     */
    private void stop(ExecutorService follower, DeviceAssembler.DeviceDescription description, DaemonMdns discovery) {
        boolean restart = description.updater().restarting();
        log.info(restart ? "restarting: install report, offline, mDNS goodbye (briefly)"
                : "stopping: publishing offline, mDNS goodbye");
        long began = System.nanoTime();
        Thread goodbye = restart ? Thread.ofPlatform().daemon().name("mdns-goodbye").start(discovery::close) : null;
        follower.shutdownNow();
        synchronized (lock) {
            stopping = true;
            if (device == null) {
                description.updater().close();
            } else if (restart) {
                device.closeForRestart();
            } else {
                device.close();
            }
        }
        // Its selector thread waits in native code, which would hold up the JVM's exit by up to 300 ms.
        description.downloads().close();
        long deviceClosed = System.nanoTime();
        if (goodbye == null) {
            discovery.close();
        } else {
            Duration left = GOODBYE_GRACE.minusNanos(deviceClosed - began);
            try {
                if (!left.isNegative()) {
                    goodbye.join(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("{}: device closed in {} ms, mDNS {} in {} ms", restart ? "restarting" : "stopped",
                (deviceClosed - began) / 1_000_000, goodbye == null || !goodbye.isAlive() ? "closed" : "left closing",
                (System.nanoTime() - deviceClosed) / 1_000_000);
    }

    /**
     * First call assembles and starts the device; later calls move it to the new broker.
     *
     * @param console the console whose broker this is, when found over mDNS: its announcement says which telemetry
     *                encodings it reads
     */
    private void connect(DeviceAssembler assembler, DaemonConfig loaded,
                         DeviceAssembler.DeviceDescription description, String brokerUrl,
                         Optional<ConsoleAnnouncement> console) {
        TelemetryEncoding encoding = loaded.telemetryEncoding().forConsole(console);
        synchronized (lock) {
            if (stopping) {
                return;
            }
            latestBrokerUrl = brokerUrl;
            try {
                if (device == null) {
                    device = assembler.assemble(loaded, description, brokerUrl, encoding);
                    device.start();
                    log.info("{} publishing to {} ({} telemetry)", device.agent().device(), brokerUrl,
                            encoding.token());
                } else {
                    device.agent().moveTo(brokerUrl, encoding);
                }
                failedStarts = 0;
            } catch (MqttSessionException | IOException | RuntimeException e) {
                // The daemon keeps announcing itself, so the technician sees the device and this log line; it tries
                // again rather than idling forever, since systemd only restarts a process that exits.
                long delaySeconds = Math.min(60, 2L << Math.min(failedStarts++, 5));
                log.error("cannot start publishing to {}: {}; trying again in {} s", brokerUrl, e.getMessage(),
                        delaySeconds, e);
                Thread.ofVirtual().name("start-retry").start(() -> {
                    try {
                        Thread.sleep(delaySeconds * 1000);
                        if (brokerUrl.equals(latestBrokerUrl)) {
                            retry.accept(console);
                        }
                    } catch (InterruptedException | java.util.concurrent.RejectedExecutionException stopped) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
    }
}
