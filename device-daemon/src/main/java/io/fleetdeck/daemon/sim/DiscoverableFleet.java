package io.fleetdeck.daemon.sim;

import io.fleetdeck.daemon.agent.StartupWarmup;
import io.fleetdeck.daemon.discovery.DaemonMdns;
import io.fleetdeck.daemon.discovery.DeviceAnnouncer;
import io.fleetdeck.daemon.identity.DeviceKey;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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
 * What {@code fleetdeckd simulate} runs.
 */
public final class DiscoverableFleet implements AutoCloseable {
    /** Above this many devices the announcements alone become a noticeable share of multicast traffic. */
    private static final int MANY_ANNOUNCEMENTS = 256;
    private static final Logger log = LoggerFactory.getLogger(DiscoverableFleet.class);

    private final Function<String, FleetOptions> optionsFor;
    private final DaemonMdns mdns;
    private final List<DeviceAnnouncer> announcers = new ArrayList<>();
    /** Starting and moving the fleet block (connects, offline messages): never on the mDNS browser thread. */
    private final ExecutorService follower = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fleet-follower").factory());
    private volatile SimulatedFleet fleet;
    private boolean closed;

    private DiscoverableFleet(Function<String, FleetOptions> optionsFor, DaemonMdns mdns) {
        this.optionsFor = optionsFor;
        this.mdns = mdns;
    }

    /**
     * Opens mDNS on {@code interfaces}, announces the devices and starts them against {@code broker}, or against
     * the console found over mDNS ({@code console} names one, else the first) as soon as it is found.
     *
     * @param optionsFor builds the fleet's options for a broker URL
     * @param stateDir   each device keeps its key in {@code stateDir/<id>/}; in memory when empty
     * @throws IdentityException when a device key cannot be read or written
     */
    public static DiscoverableFleet start(Function<String, FleetOptions> optionsFor, int devices, String idPrefix,
                                          Optional<String> broker, Optional<String> console,
                                          Optional<Path> stateDir, List<String> interfaces, String hostName)
            throws IdentityException {
        List<DeviceId> ids = SimulatedFleet.idsFor(idPrefix, devices);
        List<DeviceKey> keys = new ArrayList<>();
        for (DeviceId id : ids) {
            keys.add(stateDir.isPresent() ? DeviceKey.loadOrCreate(stateDir.get().resolve(id.value()))
                    : DeviceKey.generate());
        }
        DaemonMdns mdns = DaemonMdns.open(interfaces, hostName);
        DiscoverableFleet result = new DiscoverableFleet(optionsFor, mdns);
        if (ids.size() > MANY_ANNOUNCEMENTS) {
            log.warn("announcing {} virtual devices over mDNS: expect noticeable multicast traffic", ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            result.announcers.add(mdns.announce(ids.get(i).value(), new DeviceAnnouncement(ids.get(i), "simulated",
                    SimulatedFleet.FIRMWARE_VERSION, keys.get(i).fingerprint())));
        }
        if (broker.isPresent()) {
            result.follow(broker.get());
        } else {
            StartupWarmup.begin();
            mdns.findConsole(console, (ConsoleAnnouncement found) -> result.follow(found.brokerUrl()));
        }
        return result;
    }

    private void follow(String brokerUrl) {
        follower.execute(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (fleet == null) {
                    fleet = SimulatedFleet.start(optionsFor.apply(brokerUrl));
                } else {
                    fleet.moveTo(brokerUrl);
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
    }
}
