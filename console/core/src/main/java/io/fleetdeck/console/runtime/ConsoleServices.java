package io.fleetdeck.console.runtime;

import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.gpio.CommandGpioBench;
import io.fleetdeck.console.gpio.GpioBench;
import io.fleetdeck.console.broker.BrokerSettings;
import io.fleetdeck.console.broker.BrokerTls;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.console.broker.TelemetryIntake;
import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.ConsoleSecret;
import io.fleetdeck.console.discovery.ConsoleAdvertiser;
import io.fleetdeck.console.discovery.DeviceBrowser;
import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.FirmwareLibrary;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.groups.FleetGroups;
import io.fleetdeck.console.groups.StoredFleetGroups;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.ingest.SignedInstallReports;
import io.fleetdeck.console.mqtt.CommandSigner;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MessageSink;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.console.mqtt.TelemetrySession;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutService;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.console.rollout.staged.SqliteStagedRolloutStore;
import io.fleetdeck.console.rollout.staged.StagedRolloutAudit;
import io.fleetdeck.console.rollout.staged.StagedRolloutService;
import io.fleetdeck.console.rollout.staged.StagedRollouts;
import io.fleetdeck.console.trust.DeviceKeys;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.tls.ServerNames;
import io.fleetdeck.console.trust.DeviceTrust;
import io.fleetdeck.console.trust.FleetAccounts;
import io.fleetdeck.console.trust.KeyInstaller;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The console's services, wired once: history, fleet registry, ingest, the MQTT session and device commands, the
 * firmware library and operator key, the job table, the image server, rollouts, adoption, and the broker and mDNS when
 * asked for. The window's runtime and the {@code deploy} command build them through one {@link Builder}; what differs
 * between the two is an option there, so the two cannot drift apart.
 *
 * <p>Longer than most classes here because the {@link Builder} is nested: its options are read only by the wiring
 * below, and keeping them beside it shows at a glance which option changes which part.
 */
public final class ConsoleServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServices.class);
    private static final Duration ADDRESS_POLL = Duration.ofSeconds(3);
    private static final Duration REQUERY = Duration.ofSeconds(10);
    /** How often staged rollouts look at their targets and jobs. */
    private static final Duration STAGED_PERIOD = Duration.ofMillis(500);

    /** In start order; close() and a failed start both undo the wiring in reverse. */
    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Opened parts that close() stops alongside the others (see {@link #closedAlongside}). */
    private final Set<AutoCloseable> alongside = Collections.newSetFromMap(new IdentityHashMap<>());
    private static final long GOODBYE_WAIT = Duration.ofSeconds(15).toMillis();
    private boolean closed;
    private final Clock clock;
    private final Path dataDirectory;
    private final FleetRegistry registry = new FleetRegistry();
    private final LiveFeedHub feed = new LiveFeedHub();
    private final SqliteReadingStore history;
    private final OperatorKey operatorKey;
    private final SqliteFirmwareLibrary library;
    private final AuditLog audit;
    private final FleetGroups groups;
    private final IngestPipeline ingest;
    private final EmbeddedBroker broker;
    private final String brokerUrl;
    private final ConsoleTls tls;
    private final String consoleId;
    private final FleetSubscriber subscriber;
    /** The telemetry subscription's own connection; null when the embedded broker hands telemetry over itself. */
    private final TelemetrySession telemetry;
    private final MqttDeviceCommands commands;
    private final CommandGpioBench gpio;
    private final SignedInstallReports reportCheck;
    private final DeviceTrust trust;
    private final ImageServer images;
    private final RolloutService rollouts;
    private final StagedRolloutService stagedRollouts;
    private final MdnsEndpoints mdns;
    private final AccessLog brokerRefusals = new AccessLog();
    private final boolean brokerEnforcesAccess;

    private ConsoleServices(Builder options) {
        clock = options.clock;
        Path data = options.dataDirectory;
        dataDirectory = data;
        PayloadCodec codec = new PayloadCodec();
        try {
            PinnedKeyStore pins = null;
            if (options.history) {
                // The history opens first and SQLite creates no directories; without it, the operator key makes one.
                createDirectories(data);
                HistorySettings settings = HistorySettings.defaults(data);
                history = opened(SqliteReadingStore.open(settings));
                registry.restore(history.devices());
                pins = opened(PinnedKeyStore.open(settings.file()));
            } else {
                history = null;
            }
            operatorKey = OperatorKey.loadOrCreate(data);
            library = opened(SqliteFirmwareLibrary.open(data, operatorKey,
                    new ManifestSignatures(codec), clock));
            SqliteJobStore jobs = opened(SqliteJobStore.open(data));
            // Both the window and deploy write it: tags and groups are the operator's, and so is every action.
            FleetDatabase fleetDatabase = opened(FleetDatabase.open(data, clock));
            audit = new SqliteAuditLog(fleetDatabase, clock, options.user);
            groups = new StoredFleetGroups(fleetDatabase, audit, clock);
            // Stopped once the session and the broker are gone (no adoption can finish then), before its pins close.
            ExecutorService trustWorker = pins == null ? null : trustWorker();
            ingest = new IngestPipeline(codec, registry, history != null ? history : new NoHistory(), feed, clock);
            String consolePassword = ConsoleSecret.loadOrCreate(data);
            FleetAccounts accounts = null;
            TelemetryIntake intake = null;
            if (options.externalBroker != null) {
                broker = null;
                brokerUrl = options.externalBroker;
                brokerEnforcesAccess = false;
                tls = null;
            } else {
                BrokerSettings brokerSettings = BrokerSettings.loopback(data)
                        .withBindAddress(options.brokerBindAddress).withPort(options.brokerPort);
                BrokerTls brokerTls = null;
                if (options.tlsPort >= 0) {
                    tls = ConsoleTls.open(data, serverNames(options), clock);
                    brokerTls = new BrokerTls(tls, options.tlsPort);
                } else {
                    tls = null;
                }
                if (!options.openBroker) {
                    accounts = new FleetAccounts(consolePassword, pins != null ? pins.brokerPasswords() : Map.of(),
                            pins);
                }
                intake = new TelemetryIntake((MessageSink) ingest::accept, !options.openBroker);
                broker = opened(EmbeddedBroker.start(brokerSettings, brokerTls, Optional.ofNullable(accounts),
                        brokerRefusals, Optional.ofNullable(intake)));
                brokerEnforcesAccess = !options.openBroker;
                // With TLS the console's own session stays on this machine: the loopback listener (see BrokerTls).
                brokerUrl = broker.localEndpoint().url();
            }
            String clientId;
            if (options.sessionId == null) {
                consoleId = ConsoleIdentity.load(data);
                clientId = "fleetdeck-" + consoleId;
            } else {
                consoleId = options.sessionId;
                clientId = options.sessionId;
            }
            // Telemetry the broker hands over itself must not come a second time through the session; otherwise it
            // comes on a connection of its own (TelemetrySession), which reads it at a fraction of Paho's cost.
            boolean ownTelemetryConnection = intake == null && options.filters.contains(Topics.ALL_TELEMETRY)
                    && TelemetrySession.supports(brokerUrl);
            List<String> filters = intake == null && !ownTelemetryConnection ? options.filters
                    : options.filters.stream().filter(filter -> !filter.equals(Topics.ALL_TELEMETRY)).toList();
            subscriber = opened(new FleetSubscriber(brokerUrl, clientId, filters, options.keepSession,
                    (MessageSink) ingest::accept, clock).withCredentials(BrokerAccounts.CONSOLE_USER, consolePassword));
            if (options.brokerCa != null) {
                subscriber.trustOnly(options.brokerCa);
            }
            if (ownTelemetryConnection) {
                // A session kept by an earlier console still holds the telemetry subscription: drop it there.
                subscriber.unsubscribeLeftovers(List.of(Topics.ALL_TELEMETRY));
                telemetry = opened(new TelemetrySession(brokerUrl, TelemetrySession.clientIdFor(clientId),
                        options.keepSession, (MessageSink) ingest::accept, clock)
                        .withCredentials(BrokerAccounts.CONSOLE_USER, consolePassword));
                if (options.brokerCa != null) {
                    telemetry.trustOnly(options.brokerCa);
                }
            } else {
                telemetry = null;
            }
            DeviceKeys deviceKeys = options.deviceKeys != null ? options.deviceKeys
                    : pinnedDeviceKeys(pins, options.history, data);
            subscriber.checkInstallReports(reportCheck = new SignedInstallReports(deviceKeys, registry));
            commands = new MqttDeviceCommands(subscriber, consoleId, MqttDeviceCommands.DEFAULT_TIMEOUT, codec,
                    new CommandSigner(operatorKey.keyPair(), clock), deviceKeys::pinnedKey);
            gpio = opened(new CommandGpioBench(commands, ingest.gpioStates(), audit));
            if (pins != null) {
                trust = new DeviceTrust(registry, pins, new KeyInstaller(commands, consoleId, operatorKey.keyPair()),
                        Optional.ofNullable(accounts), trustWorker, clock, audit);
                trust.restore();
            } else {
                trust = null;
            }
            InetSocketAddress imageAddress = options.imageAddress.apply(brokerUrl);
            images = opened(ImageServer.start(imageAddress, imageTls(options, data, imageAddress)));
            rollouts = opened(RolloutService.start(library, registry, commands, images, jobs, codec, clock,
                    options.rolloutSettings, audit));
            // After the rollouts, whose restored jobs it follows; stopped before them.
            stagedRollouts = opened(StagedRolloutService.start(rollouts, opened(SqliteStagedRolloutStore.open(data)),
                    clock, STAGED_PERIOD, options.resumeStagedRollouts));
            stagedRollouts.addEventListener(new StagedRolloutAudit(audit));
            if (options.mdnsInterfaces != null) {
                mdns = closedAlongside(opened(MdnsEndpoints.open(options.mdnsInterfaces, HostNames.local(),
                        ADDRESS_POLL)));
                // An external broker is the operator's: devices are pointed at it by config, not by this console.
                if (broker != null) {
                    closedAlongside(opened(broker.tlsPort().isPresent()
                            ? new ConsoleAdvertiser(mdns, options.consoleName, operatorKey.fingerprint(),
                            broker.bindAddress(), broker.tlsPort().getAsInt(), "ssl")
                            : new ConsoleAdvertiser(mdns, options.consoleName, operatorKey.fingerprint(),
                            broker.bindAddress(), broker.port())));
                }
                opened(new DeviceBrowser(mdns, REQUERY, options.discoveries.apply(registry)));
            } else {
                mdns = null;
            }
            options.jobListeners.forEach(rollouts::addJobListener);
        } catch (RuntimeException e) {
            // A refused start leaves nothing behind.
            for (AutoCloseable resource : opened.reversed()) {
                try {
                    resource.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Device keys from the pins adoption wrote: the window's own store, or, for a client without history (deploy),
     * the window's file opened for reading them; without any history no device is adopted, so none is believed.
     */
    private DeviceKeys pinnedDeviceKeys(PinnedKeyStore pins, boolean history, Path data) {
        if (pins != null) {
            return pins::publicKey;
        }
        if (history) {
            return device -> Optional.empty();
        }
        // Opened when first asked, not at start: `deploy --adopt` may create the window's history only then.
        AtomicReference<PinnedKeyStore> window = new AtomicReference<>();
        opened(() -> {
            PinnedKeyStore store = window.get();
            if (store != null) {
                store.close();
            }
        });
        return device -> {
            PinnedKeyStore store = window.get();
            if (store == null) {
                if (!Files.exists(HistorySettings.defaults(data).file())) {
                    return Optional.empty();
                }
                synchronized (window) {
                    if (window.get() == null) {
                        window.set(openWindowPins());
                    }
                    store = window.get();
                }
            }
            return store.publicKey(device);
        };
    }

    /**
     * The names the embedded broker's certificate must carry: its bind address's, and the image server's when it was
     * given a fixed address elsewhere.
     */
    private static ServerNames serverNames(Builder options) {
        ServerNames names = ServerNames.forBindAddress(options.brokerBindAddress);
        if (options.fixedImageAddress != null && options.fixedImageAddress.getAddress() != null) {
            names = names.plus(ServerNames.forBindAddress(options.fixedImageAddress.getAddress().getHostAddress()));
        }
        return names;
    }

    /**
     * The image server's TLS context: the embedded broker's certificate, or for a client beside a running console
     * ({@code deploy}) one issued in memory from the same CA for where it serves; null without TLS.
     */
    private SSLContext imageTls(Builder options, Path data, InetSocketAddress address) {
        if (options.tlsPort < 0) {
            return null;
        }
        if (tls != null) {
            return tls.serverContext();
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return ConsoleTls.openInMemory(data, ServerNames.forBindAddress(host), clock).serverContext();
    }

    /** Options for {@link Builder#build()}; the data directory holds the key, library, job table and history. */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    private static void createDirectories(Path data) {
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + data, e);
        }
    }

    private ExecutorService trustWorker() {
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "device-trust");
            thread.setDaemon(true);
            return thread;
        });
        // shutdown(), not ExecutorService.close(): an adoption still waiting must not hold the console's exit.
        opened.add(worker::shutdown);
        return worker;
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.add(resource);
        return resource;
    }

    /**
     * Marks an opened part that close() may stop on a thread of its own while the rest stop: the mDNS announcement
     * and responder, whose goodbyes (JmDNS waits for its cancel announcements) took ~4 s of the console's exit,
     * and which nothing else closing depends on. The device browser, which writes discoveries into the fleet's
     * stores, still stops first, in order.
     */
    private <T extends AutoCloseable> T closedAlongside(T resource) {
        alongside.add(resource);
        return resource;
    }

    /**
     * The window's pins, for a short-lived client without history ({@code deploy --adopt}) that records adoptions
     * there, where the window's broker finds them; the caller closes it.
     */
    public PinnedKeyStore openWindowPins() {
        HistorySettings settings = HistorySettings.defaults(dataDirectory);
        // Opening the history migrates an older file to the schema the pins need; the store itself is not used.
        try (SqliteReadingStore migrated = SqliteReadingStore.open(settings)) {
            return PinnedKeyStore.open(settings.file());
        }
    }

    /** What the embedded broker refused (connects, publishes, subscriptions), for the status bar. */
    public AccessLog brokerRefusals() {
        return brokerRefusals;
    }

    /** Whether the embedded broker admits only this console and its devices (false for an open or external one). */
    public boolean brokerEnforcesAccess() {
        return brokerEnforcesAccess;
    }

    /** The id device commands answer to: the data directory's stable id, or the session id of a short-lived client. */
    public String consoleId() {
        return consoleId;
    }

    /** The broker URL this console's own session uses (with TLS on, the embedded broker's loopback listener). */
    public String brokerUrl() {
        return brokerUrl;
    }

    /**
     * The broker URL devices are given: the embedded broker's {@code ssl://} endpoint with TLS on, else the same as
     * {@link #brokerUrl()}.
     */
    public String deviceBrokerUrl() {
        return broker != null ? broker.endpoint().url() : brokerUrl;
    }

    /**
     * The console's CA and server certificate when the embedded broker runs with TLS; {@code caCertificatePem()} is
     * what adoption hands to devices.
     */
    public Optional<ConsoleTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** The broker these services started, if they did not use an external one. */
    public Optional<EmbeddedBroker> embeddedBroker() {
        return Optional.ofNullable(broker);
    }

    public FleetRegistry registry() {
        return registry;
    }

    public LiveFeedHub feed() {
        return feed;
    }

    public IngestPipeline ingest() {
        return ingest;
    }

    /** The readings, devices and pins kept in SQLite; empty when built {@link Builder#withoutHistory()}. */
    public Optional<SqliteReadingStore> history() {
        return Optional.ofNullable(history);
    }

    /** Adoption with pinned device keys; empty without history, which is where pins are kept. */
    public Optional<DeviceTrust> trust() {
        return Optional.ofNullable(trust);
    }

    /** Install reports dropped because they did not verify; 0 when built without device keys. */
    public long refusedInstallReports() {
        return reportCheck == null ? 0 : reportCheck.refused();
    }

    /** Command answers ignored because they did not verify against the device's pinned key. */
    public long refusedAnswers() {
        return commands.refusedAnswers();
    }

    /** Commands to devices over the MQTT session (pre-flight, install, trust-key). */
    public DeviceCommands commands() {
        return commands;
    }

    /** The key this console signs releases with. */
    /** Each device's pins and live levels, and writes to them ({@code cmd/gpio}, audited). */
    public GpioBench gpio() {
        return gpio;
    }

    public OperatorKey operatorKey() {
        return operatorKey;
    }

    /** Who did what and how it ended: adoptions, imports, releases, rollouts, cancels, tag and group changes. */
    public AuditLog audit() {
        return audit;
    }

    /** Tags on devices and saved groups, in {@code fleet.db}. */
    public FleetGroups groups() {
        return groups;
    }

    /** The firmware library, e.g. for whether its file was found corrupt at start. */
    public FirmwareLibrary library() {
        return library;
    }

    public ImageServer imageServer() {
        return images;
    }

    /** Staged rollouts: stages, a concurrency limit and a failure threshold over {@link #rollouts()}. */
    public StagedRollouts stagedRollouts() {
        return stagedRollouts;
    }

    /** Firmware rollouts: import, pre-flight, install, follow the jobs. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /**
     * The console's link to its broker: the session's status, or the telemetry connection's when that one alone is
     * not connected (its detail then says so), so a console that cannot see telemetry does not look connected.
     */
    public ConnectionStatus connection() {
        ConnectionStatus session = subscriber.status();
        if (telemetry == null || session.state() != ConnectionStatus.State.CONNECTED) {
            return session;
        }
        ConnectionStatus readings = telemetry.status();
        if (readings.state() == ConnectionStatus.State.CONNECTED) {
            return session;
        }
        return new ConnectionStatus(readings.state(), readings.broker(), "telemetry connection: "
                + readings.detail(), readings.sinceMs());
    }

    /**
     * True once the broker granted every subscription, the telemetry connection's included: retained messages and
     * command answers can arrive.
     */
    public boolean subscribed() {
        return subscriber.subscribed() && (telemetry == null || telemetry.subscribed());
    }

    /** The mDNS interfaces announced on and browsed; empty without mDNS. */
    public List<MdnsInterface> mdnsInterfaces() {
        return mdns == null ? List.of() : mdns.interfaces();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Stops in reverse order of the start: the device browser, the announcement and mDNS say goodbye (on a thread of
     * their own while the rest stop, see {@link #closedAlongside}), rollouts stop following jobs (they stay in the job
     * table), image downloads stop, the session ends, the broker stops, adoption's worker stops, the job table,
     * library, pins and history close. A part that fails to close is logged and the rest still close.
     */
    @Override
    public synchronized void close() {
        // The window closes the services when it shuts down, and the JVM's shutdown hook does again: once is enough,
        // and a second caller (the hook on SIGTERM) waits here until the first has finished.
        if (closed) {
            return;
        }
        closed = true;
        Thread goodbyes = null;
        for (AutoCloseable resource : opened.reversed()) {
            if (alongside.contains(resource)) {
                if (goodbyes == null) {
                    List<AutoCloseable> aside = opened.reversed().stream().filter(alongside::contains).toList();
                    goodbyes = Thread.ofPlatform().name("mdns-goodbye").start(() -> aside.forEach(this::closeQuietly));
                }
                continue;
            }
            closeQuietly(resource);
        }
        if (goodbyes != null) {
            try {
                goodbyes.join(GOODBYE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Closing {} was interrupted", resource.getClass().getSimpleName());
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage(), e);
        }
    }

    /**
     * How to wire the services. Required: a broker ({@link #embeddedBroker} or {@link #externalBroker}) and where the
     * image server listens ({@link #imageServer}). Otherwise the defaults are the window's: history with pins and
     * adoption, a session the broker keeps under the data directory's stable console id following the whole fleet,
     * rollout defaults; mDNS only when asked for.
     */
    public static final class Builder {
        private final Path dataDirectory;
        private Clock clock = Clock.systemUTC();
        private String externalBroker;
        private String brokerBindAddress;
        private int brokerPort;
        private boolean history = true;
        private boolean openBroker;
        private String sessionId;
        private List<String> filters = FleetSubscriber.FLEET_FILTERS;
        private boolean keepSession = true;
        private Function<String, InetSocketAddress> imageAddress;
        private InetSocketAddress fixedImageAddress;
        private int tlsPort = -1;
        private Path brokerCa;
        private List<String> mdnsInterfaces;
        private String consoleName;
        private Function<FleetRegistry, DiscoveryListener> discoveries;
        private RolloutSettings rolloutSettings = RolloutSettings.defaults();
        private String user = SqliteAuditLog.osUser();
        private DeviceKeys deviceKeys;
        private final List<Consumer<RolloutJob>> jobListeners = new ArrayList<>();
        private boolean resumeStagedRollouts = true;

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Starts the embedded HiveMQ on {@code bindAddress}; port 0 picks a free one. */
        public Builder embeddedBroker(String bindAddress, int port) {
            externalBroker = null;
            brokerBindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            brokerPort = port;
            return this;
        }

        /**
         * Lets any client on the embedded broker do anything, as before access control: for tests that are not about
         * security and for a bench with no one else on it. The default admits only this console and its devices.
         */
        public Builder openBroker() {
            openBroker = true;
            return this;
        }

        /** Uses the operator's broker at {@code url} ({@code tcp://HOST:PORT}); nothing is announced over mDNS then. */
        public Builder externalBroker(String url) {
            externalBroker = Objects.requireNonNull(url, "url");
            brokerBindAddress = null;
            return this;
        }

        /**
         * Keeps no readings, devices or pins (so no {@link ConsoleServices#trust() adoption}): for a short-lived client
         * that must not write to the window's history file.
         */
        public Builder withoutHistory() {
            history = false;
            return this;
        }

        /**
         * A short-lived session under {@code sessionId} instead of the window's: a clean start that leaves nothing
         * queued on the broker, following only these devices' info, status and install reports (no telemetry).
         */
        public Builder followOnly(List<DeviceId> devices, String sessionId) {
            List<String> only = new ArrayList<>();
            for (DeviceId device : devices) {
                only.add(Topics.info(device));
                only.add(Topics.status(device));
                only.add(Topics.install(device));
            }
            this.filters = List.copyOf(only);
            this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
            this.keepSession = false;
            return this;
        }

        /**
         * As {@link #followOnly} for every device: a clean short-lived session that follows all devices' info, status
         * and install reports (no telemetry), for a client that picks its devices by what they announce (a group).
         */
        public Builder followAllDevices(String sessionId) {
            this.filters = List.of(Topics.ALL_INFO, Topics.ALL_STATUS, Topics.ALL_INSTALLS);
            this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
            this.keepSession = false;
            return this;
        }

        /** Serves images at {@code address}; port 0 picks a free one. */
        public Builder imageServer(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            imageAddress = brokerUrl -> address;
            fixedImageAddress = address;
            return this;
        }

        /**
         * Turns TLS on: the embedded broker adds a TLS listener on {@code brokerTlsPort} (0 for any free one) on its
         * bind address and keeps plain TCP on loopback only; the image server serves HTTPS. The CA and server
         * certificate live in {@code <data>/tls/}. With an external broker only the image server changes, with a
         * certificate from the same CA issued in memory for where it serves.
         */
        public Builder tls(int brokerTlsPort) {
            if (brokerTlsPort < 0 || brokerTlsPort > 65_535) {
                throw new IllegalArgumentException("TLS port outside 0..65535: " + brokerTlsPort);
            }
            tlsPort = brokerTlsPort;
            return this;
        }

        /** For an {@code ssl://} external broker: trust only the CA certificate(s) in {@code caFile} (PEM). */
        public Builder brokerCa(Path caFile) {
            brokerCa = Objects.requireNonNull(caFile, "caFile");
            return this;
        }

        /**
         * Serves images at the address {@code fromBrokerUrl} works out from the broker's URL, for a client that serves
         * where devices reach its broker. Asked when the image server starts, so an address that cannot be used fails
         * the start there like any other part, and what opened before it is closed again.
         */
        public Builder imageServer(Function<String, InetSocketAddress> fromBrokerUrl) {
            imageAddress = Objects.requireNonNull(fromBrokerUrl, "fromBrokerUrl");
            fixedImageAddress = null;
            return this;
        }

        /**
         * Announces the console as {@code consoleName} (with an embedded broker only) and browses for devices on
         * {@code interfaces} (names or {@code all}); discoveries go to the listener made from the registry.
         */
        public Builder mdns(List<String> interfaces, String consoleName,
                            Function<FleetRegistry, DiscoveryListener> discoveries) {
            this.mdnsInterfaces = List.copyOf(interfaces);
            this.consoleName = Objects.requireNonNull(consoleName, "consoleName");
            this.discoveries = Objects.requireNonNull(discoveries, "discoveries");
            return this;
        }

        /**
         * Checks install reports and command answers against the devices' pinned keys: a report that does not verify
         * (or comes from a device without a pinned key) never moves a job. Without this they are taken unverified,
         * which is logged at start.
         */
        public Builder deviceKeys(DeviceKeys value) {
            deviceKeys = Objects.requireNonNull(value, "deviceKeys");
            return this;
        }

        /** Who the audit log names for this console's actions; default: the OS user running it. */
        public Builder user(String value) {
            user = Objects.requireNonNull(value, "user");
            return this;
        }

        public Builder rolloutSettings(RolloutSettings value) {
            rolloutSettings = Objects.requireNonNull(value, "rolloutSettings");
            return this;
        }

        /**
         * Leaves the staged rollouts stored in the data directory alone instead of going on with them: for a client
         * beside the window's console ({@code deploy}), which must not drive the window's rollouts too.
         */
        public Builder leaveStoredStagedRollouts() {
            resumeStagedRollouts = false;
            return this;
        }

        /** Told of every job change; registered before the session starts, so no retained report goes unseen. */
        public Builder jobListener(Consumer<RolloutJob> listener) {
            jobListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Opens, starts and connects everything, in the background where connecting takes a while (watch
         * {@link ConsoleServices#connection()}); throws with the cause when a part cannot start, leaving nothing open.
         *
         * @throws io.fleetdeck.common.mdns.MdnsInterfaceException naming an mDNS interface that cannot be used
         */
        public ConsoleServices build() {
            if (externalBroker == null && brokerBindAddress == null) {
                throw new IllegalStateException("no broker: call embeddedBroker or externalBroker");
            }
            if (imageAddress == null) {
                throw new IllegalStateException("no image server address: call imageServer");
            }
            ConsoleServices services = new ConsoleServices(this);
            services.subscriber.start();
            if (services.telemetry != null) {
                services.telemetry.start();
            }
            return services;
        }
    }
}
