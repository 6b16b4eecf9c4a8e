package io.fleetdeck.console.app;

import io.fleetdeck.console.broker.BrokerSettings;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.console.discovery.ConsoleAdvertiser;
import io.fleetdeck.console.discovery.DeviceBrowser;
import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.FleetDiscoveryAdapter;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.history.HistoryHealth;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.console.rollout.RolloutService;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.trust.DeviceTrust;
import io.fleetdeck.console.trust.KeyInstaller;
import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything the console runs besides its window: history, broker, MQTT session, ingest, device commands, adoption,
 * the firmware library, the image server, rollouts and, in demo mode, a simulated fleet. Plain Java, so tests and
 * benchmarks drive exactly what the app drives, without a stage.
 */
public final class ConsoleRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRuntime.class);
    private static final Duration ADDRESS_POLL = Duration.ofSeconds(3);
    private static final Duration REQUERY = Duration.ofSeconds(10);
    /** Where the demo's simulated devices keep their state, under the data directory. */
    static final String SIMULATED_DEVICES_DIR = "simulated-devices";

    private final ConsoleSettings settings;
    private final Clock clock;
    private final SqliteReadingStore store;
    private final PinnedKeyStore pins;
    private final ExecutorService trustWorker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "device-trust");
        thread.setDaemon(true);
        return thread;
    });
    private final DeviceTrust trust;
    private final OperatorKey operatorKey;
    private final SqliteFirmwareLibrary library;
    private final SqliteJobStore jobs;
    private final ImageServer images;
    private final MqttDeviceCommands commands;
    private final RolloutService rollouts;
    private final FleetRegistry registry = new FleetRegistry();
    private final LiveFeedHub feed = new LiveFeedHub();
    private final IngestPipeline ingest;
    private final EmbeddedBroker broker;
    private final String brokerUrl;
    private final FleetSubscriber subscriber;
    private final String consoleId;
    private final MdnsEndpoints mdns;
    private final ConsoleAdvertiser advertiser;
    private final DeviceBrowser devices;
    private DiscoverableFleet simulation;

    private ConsoleRuntime(ConsoleSettings settings, Clock clock,
                           Function<FleetRegistry, DiscoveryListener> discoveryListener) {
        this.settings = settings;
        this.clock = clock;
        try {
            Files.createDirectories(settings.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + settings.dataDirectory(), e);
        }
        PayloadCodec codec = new PayloadCodec();
        HistorySettings history = HistorySettings.defaults(settings.dataDirectory());
        // Whatever opened before a failure is closed again, newest first, so a refused start leaves nothing behind.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            store = opened(opened, SqliteReadingStore.open(history));
            registry.restore(store.devices());
            pins = opened(opened, PinnedKeyStore.open(history.file()));
            operatorKey = OperatorKey.loadOrCreate(settings.dataDirectory());
            library = opened(opened, SqliteFirmwareLibrary.open(settings.dataDirectory(), operatorKey,
                    new ManifestSignatures(codec), clock));
            jobs = opened(opened, SqliteJobStore.open(settings.dataDirectory()));
            ingest = new IngestPipeline(codec, registry, store, feed, clock);
            if (settings.externalBroker().isPresent()) {
                broker = null;
                brokerUrl = settings.externalBroker().get();
            } else {
                broker = opened(opened, EmbeddedBroker.start(BrokerSettings.loopback(settings.dataDirectory())
                        .withBindAddress(settings.bindAddress()).withPort(settings.brokerPort())));
                brokerUrl = broker.endpoint().url();
            }
            consoleId = ConsoleIdentity.load(settings.dataDirectory());
            subscriber = opened(opened, new FleetSubscriber(brokerUrl, "fleetdeck-" + consoleId, ingest::accept,
                    clock));
            commands = new MqttDeviceCommands(subscriber, consoleId, MqttDeviceCommands.DEFAULT_TIMEOUT, codec);
            trust = new DeviceTrust(registry, pins, new KeyInstaller(commands, operatorKey.keyPair().getPublic()),
                    trustWorker, clock);
            trust.restore();
            // Devices reach the image server where they reach the broker.
            images = opened(opened, ImageServer.start(new InetSocketAddress(settings.bindAddress(),
                    settings.imagePort())));
            rollouts = opened(opened, RolloutService.start(library, registry, commands, images, jobs, codec, clock,
                    RolloutSettings.defaults()));
            mdns = opened(opened, MdnsEndpoints.open(settings.effectiveMdnsInterfaces(), HostNames.local(),
                    ADDRESS_POLL));
            // An external broker is the operator's: devices are pointed at it by config, not by this console.
            advertiser = broker == null ? null : opened(opened, new ConsoleAdvertiser(mdns, settings.consoleName(),
                    broker.bindAddress(), broker.port()));
            devices = new DeviceBrowser(mdns, REQUERY, discoveryListener.apply(registry));
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            trustWorker.shutdown();
            throw e;
        }
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    /** Opens history, starts the broker (unless external) and connects; throws with the cause when it cannot. */
    public static ConsoleRuntime start(ConsoleSettings settings, Clock clock) {
        return start(settings, clock, registry -> new FleetDiscoveryAdapter(registry, clock));
    }

    /**
     * As {@link #start(ConsoleSettings, Clock)}, with the listener mDNS discoveries go to, made from the registry.
     *
     * @throws io.fleetdeck.common.mdns.MdnsInterfaceException naming an mDNS interface that cannot be used
     */
    public static ConsoleRuntime start(ConsoleSettings settings, Clock clock,
                                       Function<FleetRegistry, DiscoveryListener> discoveryListener) {
        ConsoleRuntime runtime = new ConsoleRuntime(settings, clock, discoveryListener);
        runtime.subscriber.start();
        if (settings.simulatedDevices() > 0) {
            // The demo fleet also announces itself over mDNS on loopback, so tiles show what discovery adds
            // (host, key, Adopt) when the console browses there too, as it does by default.
            String url = runtime.brokerUrl;
            try {
                runtime.simulation = DiscoverableFleet.start(broker -> new FleetOptions(settings.simulatedDevices(),
                                settings.simulatedRateHz(), "sim", MqttSettings.defaults(broker)),
                        settings.simulatedDevices(), "sim", Optional.of(url), Optional.empty(),
                        // Kept beside the console's data: the demo's devices keep their keys, trusted console key,
                        // slots and firmware across restarts, as the pins and jobs the console remembers expect.
                        Optional.of(settings.dataDirectory().resolve(SIMULATED_DEVICES_DIR)),
                        List.of("lo"), "fleetdeck-demo");
            } catch (IdentityException | RuntimeException e) {
                runtime.close();
                throw new IllegalStateException("cannot start the simulated fleet: " + e.getMessage(), e);
            }
            LOG.info("Simulating {} devices at {} Hz per sensor on {}", settings.simulatedDevices(),
                    settings.simulatedRateHz(), runtime.brokerUrl);
        }
        return runtime;
    }

    /** What the status bar shows; cheap, reads only in-memory counters. */
    public ConsoleHealth health() {
        ConnectionStatus status = subscriber.status();
        String where = broker != null ? "embedded broker " + brokerUrl.replace("tcp://", "") : "broker " + brokerUrl;
        String state = switch (status.state()) {
            case CONNECTED -> "connected";
            case CONNECTING -> "connecting…";
            case DISCONNECTED -> "disconnected: " + status.detail();
            case CLOSED -> "closed";
        };
        HistoryHealth history = store.health();
        String historyText = String.format(Locale.ROOT, "history: %,d readings saved to %s",
                history.committedReadings(), history.file());
        if (history.droppedReadings() > 0) {
            historyText += String.format(Locale.ROOT, " · %,d LOST", history.droppedReadings());
        }
        if (history.lastWriteError() != null) {
            historyText += " · write failing: " + history.lastWriteError().getMessage();
        }
        return new ConsoleHealth(where + " · " + state, status.state() == ConnectionStatus.State.CONNECTED,
                historyText, history.healthy());
    }

    /** This console's stable id, from its data directory. */
    public String consoleId() {
        return consoleId;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    public FleetRegistry registry() {
        return registry;
    }

    public LiveFeedHub feed() {
        return feed;
    }

    public SqliteReadingStore store() {
        return store;
    }

    /** Adopts devices: installs the console's key on them, then pins their announced keys. */
    public DeviceTrust trust() {
        return trust;
    }

    /** Firmware rollouts: import, pre-flight, install, follow the jobs. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /** Where devices download images; its address and port for the status bar or docs. */
    public ImageServer imageServer() {
        return images;
    }

    /** The key this console signs releases with. */
    public OperatorKey operatorKey() {
        return operatorKey;
    }

    public IngestPipeline ingest() {
        return ingest;
    }

    public ConnectionStatus connection() {
        return subscriber.status();
    }

    public ConsoleSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** The mDNS interfaces the console announces on and browses. */
    public List<MdnsInterface> mdnsInterfaces() {
        return mdns.interfaces();
    }

    /**
     * Stops in reverse order: the fleet says goodbye, mDNS says goodbye, rollouts stop following jobs (they stay in
     * the job table), image downloads stop, the session ends, the broker stops, the job table, library and history
     * close.
     */
    @Override
    public void close() {
        if (simulation != null) {
            simulation.close();
        }
        devices.close();
        if (advertiser != null) {
            advertiser.close();
        }
        mdns.close();
        rollouts.close();
        images.close();
        subscriber.close();
        if (broker != null) {
            broker.close();
        }
        trustWorker.shutdown();
        jobs.close();
        library.close();
        pins.close();
        store.close();
    }
}
