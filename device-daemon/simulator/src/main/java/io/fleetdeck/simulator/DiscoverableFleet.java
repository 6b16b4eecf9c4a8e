package io.fleetdeck.simulator;

import io.fleetdeck.daemon.agent.StartupWarmup;
import io.fleetdeck.daemon.discovery.DaemonMdns;
import io.fleetdeck.daemon.discovery.DeviceAnnouncer;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import io.fleetdeck.daemon.ota.LazyHttpClient;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.TelemetryEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link SimulatedFleet} whose devices announce themselves over mDNS, each under its own id with its own key, and
 * which, without a broker URL, connects to the console it finds there and follows it when it comes back elsewhere.
 * Once its devices were adopted ({@code <state>/<id>/console.json}), it follows only the console they pinned; devices
 * pinned to different consoles make it follow none, since the fleet moves as one. What {@code fleetdeckd simulate}
 * runs.
 */
public final class DiscoverableFleet implements AutoCloseable {
    /** Above this many devices the announcements alone become a noticeable share of multicast traffic. */
    private static final int MANY_ANNOUNCEMENTS = 256;
    /** Only to build the options template before a broker is known; never connected to. */
    private static final String PLACEHOLDER_BROKER = "tcp://127.0.0.1:1883";
    private static final Logger log = LoggerFactory.getLogger(DiscoverableFleet.class);

    private final Function<String, FleetOptions> optionsFor;
    private final TelemetryEncodingChoice encoding;
    private final DaemonMdns mdns;
    private final List<VirtualDevice> devices;
    private final Runnable afterClose;
    private final List<DeviceAnnouncer> announcers = new ArrayList<>();
    /** Starting and moving the fleet block (connects, offline messages): never on the mDNS browser thread. */
    private final ExecutorService follower = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fleet-follower").factory());
    private volatile SimulatedFleet fleet;
    private boolean closed;

    private DiscoverableFleet(Function<String, FleetOptions> optionsFor, TelemetryEncodingChoice encoding,
                              DaemonMdns mdns, List<VirtualDevice> devices, Runnable afterClose) {
        this.optionsFor = optionsFor;
        this.encoding = encoding;
        this.mdns = mdns;
        this.devices = devices;
        this.afterClose = afterClose;
    }

    /**
     * Opens mDNS on {@code interfaces}, announces the devices and starts them against {@code broker}, or against
     * the console found over mDNS ({@code console} names one, else the first) as soon as it is found.
     *
     * @param optionsFor builds the fleet's options for a broker URL; its firmware options (slot capacity, health
     *                   timeout) are read once, before any broker is known
     * @param stateDir   each device keeps its key, slots, trusted keys, install job and console pin in
     *                   {@code stateDir/<id>/}; when empty, the options' state root, else a temporary directory
     *                   deleted at close
     * @throws IdentityException when a device key or state cannot be read or written
     */
    public static DiscoverableFleet start(Function<String, FleetOptions> optionsFor, int devices, String idPrefix,
                                          Optional<String> broker, Optional<String> console,
                                          Optional<Path> stateDir, List<String> interfaces, String hostName)
            throws IdentityException {
        return start(optionsFor, devices, idPrefix, broker, console, stateDir, interfaces, hostName,
                TelemetryEncodingChoice.AUTO);
    }

    /**
     * As above, choosing the telemetry encoding: with {@link TelemetryEncodingChoice#AUTO} compact to a console found
     * over mDNS that announces it reads it, JSON to {@code broker} and to older consoles.
     */
    public static DiscoverableFleet start(Function<String, FleetOptions> optionsFor, int devices, String idPrefix,
                                          Optional<String> broker, Optional<String> console,
                                          Optional<Path> stateDir, List<String> interfaces, String hostName,
                                          TelemetryEncodingChoice encoding) throws IdentityException {
        FleetOptions template = optionsFor.apply(broker.orElse(PLACEHOLDER_BROKER));
        Optional<Path> chosen = stateDir.or(() -> template.firmware().stateRoot());
        Path root;
        try {
            root = chosen.isPresent() ? chosen.get() : Files.createTempDirectory("fleetdeck-sim-");
        } catch (IOException e) {
            throw new IdentityException(Path.of(System.getProperty("java.io.tmpdir")),
                    "cannot create a state directory for the simulated fleet: " + e.getMessage(), e);
        }
        // Built on the first download: creating it costs a cold JVM ~0.5 s before the devices are announced.
        LazyHttpClient http = new LazyHttpClient(Duration.ofSeconds(10), template.mqtt().caFile());
        Runnable afterClose = () -> {
            http.close();
            if (chosen.isEmpty()) {
                TemporaryDirectories.deleteQuietly(root);
            }
        };
        List<VirtualDevice> prepared;
        try {
            prepared = SimulatedFleet.prepare(template.withDevices(devices, idPrefix), root, chosen.isPresent(), http);
        } catch (IOException e) {
            afterClose.run();
            throw new IdentityException(root, "cannot prepare the simulated devices: " + e.getMessage(), e);
        } catch (IdentityException | RuntimeException e) {
            afterClose.run();
            throw e;
        }
        DaemonMdns mdns;
        try {
            mdns = DaemonMdns.open(interfaces, hostName);
        } catch (RuntimeException e) {
            afterClose.run();
            throw e;
        }
        DiscoverableFleet result = new DiscoverableFleet(optionsFor, encoding, mdns, prepared, afterClose);
        if (prepared.size() > MANY_ANNOUNCEMENTS) {
            log.warn("announcing {} virtual devices over mDNS: expect noticeable multicast traffic", prepared.size());
        }
        for (VirtualDevice device : prepared) {
            DeviceAnnouncer announcer = mdns.announce(device.id().value(), new DeviceAnnouncement(device.id(),
                    VirtualDevice.MODEL, device.firmwareVersion(), device.fingerprint()));
            result.announcers.add(announcer);
            // A committed update or a rollback changes what the device runs: the TXT fw= follows at once.
            device.onVersionChange(version -> {
                DeviceAnnouncement now = announcer.current();
                announcer.update(new DeviceAnnouncement(now.id(), now.model(), version, now.fingerprint()));
            });
        }
        if (broker.isPresent()) {
            result.follow(broker.get(), Optional.empty());
        } else {
            StartupWarmup.begin();
            // The fleet follows one console; each device keeps its own pin, and the fleet follows the one they agree on.
            ConsolePin pin = ConsolePin.agreed(prepared.stream().map(VirtualDevice::stateDir).toList());
            mdns.findConsole(console, pin,
                    (ConsoleAnnouncement found) -> result.follow(found.brokerUrl(), Optional.of(found)));
        }
        return result;
    }

    private void follow(String brokerUrl, Optional<ConsoleAnnouncement> console) {
        TelemetryEncoding telemetry = encoding.forConsole(console);
        follower.execute(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (fleet == null) {
                    FleetOptions options = optionsFor.apply(brokerUrl);
                    options = options.withMqtt(options.mqtt().withTelemetryEncoding(telemetry));
                    fleet = SimulatedFleet.start(options, devices, () -> { });
                } else {
                    fleet.moveTo(brokerUrl, telemetry);
                }
            }
        });
    }

    /** The running fleet, once a broker is known. */
    public Optional<SimulatedFleet> fleet() {
        return Optional.ofNullable(fleet);
    }

    public int connectedDevices() {
        SimulatedFleet current = fleet;
        return current == null ? 0 : current.connectedDevices();
    }

    public long publishedReadings() {
        SimulatedFleet current = fleet;
        return current == null ? 0 : current.publishedReadings();
    }

    public List<DeviceAnnouncer> announcers() {
        return List.copyOf(announcers);
    }

    /** Devices say offline, then goodbye over mDNS. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        follower.shutdown();
        try {
            follower.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SimulatedFleet current = fleet;
        if (current != null) {
            current.close();
        }
        mdns.close();
        afterClose.run();
    }
}
