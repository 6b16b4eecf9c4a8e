package io.fleetdeck.console.app;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.console.discovery.DiscoveryListener;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.fleet.ConsoleHealth;
import io.fleetdeck.console.fleet.FleetDiscoveryAdapter;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.gpio.GpioBench;
import io.fleetdeck.console.groups.FleetGroups;
import io.fleetdeck.console.history.HistoryHealth;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.staged.StagedRollouts;
import io.fleetdeck.console.runtime.ConsoleServices;
import io.fleetdeck.console.trust.DeviceTrust;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the console runs besides its window: the {@link ConsoleServices} as the window wants them (history,
 * adoption, mDNS, the embedded broker unless told otherwise) and, in demo mode, a simulated fleet. Plain Java, so
 * tests and benchmarks drive exactly what the app drives, without a stage.
 */
public final class ConsoleRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRuntime.class);
    /** Where the demo's simulated devices keep their state, under the data directory. */
    static final String SIMULATED_DEVICES_DIR = "simulated-devices";
    /** The console key the demo's devices trust from the start, as an image provisioned with it would. */
    static final String PROVISIONED_KEYS_DIR = "simulated-devices-keys";

    private final ConsoleSettings settings;
    private final ConsoleServices services;
    private boolean closed;
    private final SqliteReadingStore store;
    private final DeviceTrust trust;
    private DiscoverableFleet simulation;

    private ConsoleRuntime(ConsoleSettings settings, ConsoleServices services) {
        this.settings = settings;
        this.services = services;
        this.store = services.history().orElseThrow();
        this.trust = services.trust().orElseThrow();
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
        ConsoleServices.Builder builder = ConsoleServices.builder(settings.dataDirectory()).clock(clock)
                // Devices reach the image server where they reach the broker.
                .imageServer(new InetSocketAddress(settings.bindAddress(), settings.imagePort()))
                .mdns(settings.effectiveMdnsInterfaces(), settings.consoleName(), discoveryListener);
        settings.externalBroker().ifPresentOrElse(builder::externalBroker,
                () -> builder.embeddedBroker(settings.bindAddress(), settings.brokerPort()));
        if (settings.openBroker()) {
            builder.openBroker();
        }
        settings.tlsPort().ifPresent(builder::tls);
        ConsoleRuntime runtime = new ConsoleRuntime(settings, builder.build());
        if (settings.simulatedDevices() > 0) {
            // The demo fleet also announces itself over mDNS on loopback, so tiles show what discovery adds
            // (host, key, Adopt) when the console browses there too, as it does by default.
            String url = runtime.brokerUrl();
            try {
                // As if their image carried this console's key: the demo's devices are adopted without codes.
                Path provisioned = runtime.provisionSimulatedDevices(settings.dataDirectory());
                runtime.simulation = DiscoverableFleet.start(broker -> new FleetOptions(settings.simulatedDevices(),
                                settings.simulatedRateHz(), "sim", MqttSettings.defaults(broker))
                                .withFirmware(SimFirmwareOptions.defaults().withProvisionedKeys(provisioned)),
                        settings.simulatedDevices(), "sim", Optional.of(url), Optional.empty(),
                        // Kept beside the console's data: the demo's devices keep their keys, trusted console key,
                        // slots and firmware across restarts, as the pins and jobs the console remembers expect.
                        Optional.of(settings.dataDirectory().resolve(SIMULATED_DEVICES_DIR)),
                        List.of("lo"), "fleetdeck-demo");
            } catch (IdentityException | IOException | RuntimeException e) {
                runtime.close();
                throw new IllegalStateException("cannot start the simulated fleet: " + e.getMessage(), e);
            }
            LOG.info("Simulating {} devices at {} Hz per sensor on {}", settings.simulatedDevices(),
                    settings.simulatedRateHz(), runtime.brokerUrl());
        }
        return runtime;
    }

    /**
     * A directory holding this console's public key ({@code console.pub}), as an image provisioned with it carries
     * it ({@code ota.trusted-keys-dir}): devices trusting it are adopted without their pairing codes.
     */
    public Path provisionedKeys() throws IOException {
        return provisionSimulatedDevices(settings.dataDirectory());
    }

    /** Writes this console's public key where the demo's devices read provisioned keys from. */
    private Path provisionSimulatedDevices(Path data) throws IOException {
        Path keys = Files.createDirectories(data.resolve(PROVISIONED_KEYS_DIR));
        DurableFiles.writeAtomically(keys.resolve("console.pub"), services.operatorKey().publicKeyPem());
        return keys;
    }

    /** What the status bar shows; cheap, reads only in-memory counters. */
    public ConsoleHealth health() {
        ConnectionStatus status = services.connection();
        String brokerUrl = services.deviceBrokerUrl();
        String where = services.embeddedBroker().isPresent() ? "embedded broker " + brokerUrl.replace("tcp://", "")
                : "broker " + brokerUrl;
        String state = switch (status.state()) {
            case CONNECTED -> "connected";
            case CONNECTING -> "connecting…";
            case DISCONNECTED -> "disconnected: " + status.detail();
            case CLOSED -> "closed";
        };
        HistoryHealth history = store.health();
        String historyText = String.format(Locale.ROOT, "history: %,d readings saved to %s",
                history.committedReadings(), history.file());
        if (history.behind()) {
            // Nothing is lost: devices keep what is not acknowledged yet; the operator should know the disk is slow.
            historyText += String.format(Locale.ROOT, " · behind: %,d readings waiting for the disk",
                    history.queuedReadings());
        }
        if (history.droppedReadings() > 0) {
            historyText += String.format(Locale.ROOT, " · %,d LOST", history.droppedReadings());
        }
        if (history.corruptFileMovedTo().isPresent()) {
            historyText += " · the old file was corrupt, moved aside to " + history.corruptFileMovedTo().get();
        }
        if (history.lastWriteError() != null) {
            historyText += " · write failing: " + history.lastWriteError().getMessage();
        }
        if (services.embeddedBroker().isPresent()) {
            where += services.brokerEnforcesAccess() ? " (console and adopted devices only)" : " (open to anyone)";
        }
        AccessLog refusals = services.brokerRefusals();
        long refused = refusals.refusedConnects() + refusals.refusedPublishes() + refusals.refusedSubscribes();
        if (refused > 0) {
            where += String.format(Locale.ROOT, " · refused %,d connect%s, %,d publish%s, %,d subscription%s (last: %s)",
                    refusals.refusedConnects(), refusals.refusedConnects() == 1 ? "" : "s",
                    refusals.refusedPublishes(), refusals.refusedPublishes() == 1 ? "" : "es",
                    refusals.refusedSubscribes(), refusals.refusedSubscribes() == 1 ? "" : "s", refusals.latest());
        }
        // The library has no place of its own in the status bar; its file sits beside the history's.
        Optional<Path> libraryAside = services.library().corruptFileMovedTo();
        if (libraryAside.isPresent()) {
            historyText += " · firmware.db was corrupt, moved aside to " + libraryAside.get()
                    + ": the library and job table started empty";
        }
        return new ConsoleHealth(where + " · " + state, status.state() == ConnectionStatus.State.CONNECTED,
                historyText, history.healthy() && libraryAside.isEmpty());
    }

    /** This console's stable id, from its data directory. */
    public String consoleId() {
        return services.consoleId();
    }

    public String brokerUrl() {
        return services.brokerUrl();
    }

    public FleetRegistry registry() {
        return services.registry();
    }

    public LiveFeedHub feed() {
        return services.feed();
    }

    public SqliteReadingStore store() {
        return store;
    }

    /** Adopts devices: installs the console's key on them, then pins their announced keys. */
    public DeviceTrust trust() {
        return trust;
    }

    /** Staged rollouts over {@link #rollouts()}. */
    public StagedRollouts stagedRollouts() {
        return services.stagedRollouts();
    }

    /** Firmware rollouts: import, pre-flight, install, follow the jobs. */
    public Rollouts rollouts() {
        return services.rollouts();
    }

    /** Tags on devices and saved groups. */
    public FleetGroups groups() {
        return services.groups();
    }

    /** The audit log of operator actions. */
    public AuditLog audit() {
        return services.audit();
    }

    /** Where devices download images; its address and port for the status bar or docs. */
    public ImageServer imageServer() {
        return services.imageServer();
    }

    /** The key this console signs releases with. */
    public OperatorKey operatorKey() {
        return services.operatorKey();
    }

    /** Each device's pins and live levels, and audited writes to them. */
    public GpioBench gpio() {
        return services.gpio();
    }

    public IngestPipeline ingest() {
        return services.ingest();
    }

    public ConnectionStatus connection() {
        return services.connection();
    }

    public ConsoleSettings settings() {
        return settings;
    }

    public Clock clock() {
        return services.clock();
    }

    /** The mDNS interfaces the console announces on and browses. */
    public List<MdnsInterface> mdnsInterfaces() {
        return services.mdnsInterfaces();
    }

    /** The demo fleet says goodbye first, while the broker it uses still runs; then the services stop in order. */
    @Override
    public synchronized void close() {
        // ConsoleCommand closes the runtime when the window goes, and its shutdown hook does again; the second call
        // waits for the first to finish, so the JVM does not halt in the middle of it.
        if (closed) {
            return;
        }
        closed = true;
        if (simulation != null) {
            simulation.close();
        }
        services.close();
    }
}
