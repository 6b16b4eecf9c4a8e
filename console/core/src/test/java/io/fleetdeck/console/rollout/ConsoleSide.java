package io.fleetdeck.console.rollout;

import io.fleetdeck.console.mqtt.MessageSink;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.ingest.SignedInstallReports;
import io.fleetdeck.console.mqtt.CommandSigner;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.console.trust.InMemoryDeviceKeys;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.testkit.Poll;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;

/**
 * The console's rollout side as ConsoleServices wires it, without broker start-up, mDNS or a window: a real MQTT
 * session, registry, library, job table, image server on loopback, and the service. {@link #restartService} closes
 * and reopens the service and its job table, as a console restart does. Commands are signed with the operator key and
 * install reports count only when signed by the device key {@link #pin pinned} here.
 */
final class ConsoleSide implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    final Path dir;
    final FleetRegistry registry = new FleetRegistry();
    final PayloadCodec codec = new PayloadCodec();
    final SqliteReadingStore history;
    final FleetSubscriber subscriber;
    final MqttDeviceCommands commands;
    final OperatorKey key;
    final InMemoryDeviceKeys deviceKeys = new InMemoryDeviceKeys();
    final SignedInstallReports reportCheck;
    final SqliteFirmwareLibrary library;
    final ImageServer images;
    final RolloutSettings settings;
    final FleetDatabase fleetDatabase;
    final SqliteAuditLog audit;
    SqliteJobStore jobs;
    RolloutService service;

    ConsoleSide(String broker, Path dir, Duration commandTimeout, RolloutSettings settings) {
        this.dir = dir;
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        history = SqliteReadingStore.open(HistorySettings.defaults(dir));
        IngestPipeline ingest = new IngestPipeline(codec, registry, history, new LiveFeedHub(), clock);
        String consoleId = "console-test-" + Long.toHexString(System.nanoTime());
        subscriber = new FleetSubscriber(broker, consoleId, (MessageSink) ingest::accept, clock);
        reportCheck = new SignedInstallReports(deviceKeys, registry);
        subscriber.checkInstallReports(reportCheck);
        key = OperatorKey.loadOrCreate(dir);
        commands = new MqttDeviceCommands(subscriber, consoleId, commandTimeout, codec,
                new CommandSigner(key.keyPair(), clock), deviceKeys::pinnedKey);
        library = SqliteFirmwareLibrary.open(dir, key, new ManifestSignatures(codec), clock);
        images = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        subscriber.start();
        Poll.until("subscribed", PATIENCE, subscriber::subscribed);
        jobs = SqliteJobStore.open(dir);
        fleetDatabase = FleetDatabase.open(dir, clock);
        audit = new SqliteAuditLog(fleetDatabase, clock, SqliteAuditLog.osUser());
        service = RolloutService.start(library, registry, commands, images, jobs, codec, clock, settings, audit);
    }

    void restartService() {
        service.close();
        jobs.close();
        jobs = SqliteJobStore.open(dir);
        service = RolloutService.start(library, registry, commands, images, jobs, codec, Clock.systemUTC(),
                settings, audit);
    }

    /** Waits until the registry shows the device online with its info, as a console sees it before a drop. */
    void awaitOnline(DeviceId device) {
        Poll.until(device + " online", PATIENCE, () -> registry.device(device)
                .filter(d -> d.presence() == PresenceState.ONLINE && d.info().isPresent()).isPresent());
    }

    /** Adoption's pin, without mDNS: the key is what the device would announce, and its reports are signed with. */
    void pin(DeviceId device, PublicKey deviceKey) {
        registry.pin(device, KeyFingerprint.of(deviceKey));
        deviceKeys.pin(device, deviceKey);
    }

    @Override
    public void close() {
        service.close();
        jobs.close();
        fleetDatabase.close();
        images.close();
        subscriber.close();
        library.close();
        history.close();
    }
}
