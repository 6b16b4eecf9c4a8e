package io.fleetdeck.console.trust;

import io.fleetdeck.console.mqtt.MessageSink;
import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceAnnouncement;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Adoption against a real broker and history file: the console's key goes to the device over cmd/trust-key, and the
 * device's key is pinned only when the device accepted; the pin survives a restart of the console.
 */
class DeviceTrustTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final KeyFingerprint KEY = new KeyFingerprint("SHA256:" + "k".repeat(43));

    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    @TempDir
    Path dir;

    private HistorySettings history;
    private FleetDatabase fleetDatabase;
    private SqliteAuditLog audit;
    private SqliteReadingStore store;
    private PinnedKeyStore pins;
    private final FleetRegistry registry = new FleetRegistry();
    private FleetSubscriber subscriber;
    private KeyInstaller keys;
    private KeyPair operator;
    private DeviceTrust trust;
    private ScriptedDevice device;
    private final FleetAccounts accounts = new FleetAccounts("console-password-for-tests", Map.of());

    @BeforeEach
    void start() throws Exception {
        history = HistorySettings.defaults(dir);
        store = SqliteReadingStore.open(history);
        pins = PinnedKeyStore.open(history.file());
        fleetDatabase = FleetDatabase.open(dir, Clock.systemUTC());
        audit = new SqliteAuditLog(fleetDatabase, Clock.systemUTC(), SqliteAuditLog.osUser());
        PayloadCodec codec = new PayloadCodec();
        IngestPipeline ingest = new IngestPipeline(codec, registry, store, new LiveFeedHub(), Clock.systemUTC());
        subscriber = new FleetSubscriber(broker.url(), "console-trust-test", (MessageSink) ingest::accept,
                Clock.systemUTC());
        MqttDeviceCommands commands = new MqttDeviceCommands(subscriber, "console-trust-test",
                Duration.ofMillis(1_500), codec);
        subscriber.start();
        Poll.until("subscribed", PATIENCE, subscriber::subscribed);
        operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        keys = new KeyInstaller(commands, "console-trust-test", operator);
        trust = new DeviceTrust(registry, pins, keys, Optional.of(accounts), Runnable::run, Clock.systemUTC(),
                audit);
        device = ScriptedDevice.connect(broker.url(), DeviceId.of("pi-trust-" + System.nanoTime() % 99999),
                "Raspberry Pi 4", "1.0");
        Poll.until("the device online", PATIENCE,
                () -> registry.device(device.id()).filter(d -> d.presence() == PresenceState.ONLINE).isPresent());
    }

    @AfterEach
    void stop() throws Exception {
        device.forget();
        device.close();
        subscriber.close();
        pins.close();
        store.close();
        fleetDatabase.close();
    }

    @Test
    void installsTheConsoleKeyThenPinsTheAnnouncedKeyAndRemembersItAcrossRestarts() {
        announce(device.id());

        assertThat(trust.adopt(device.id()).join()).isEqualTo(device.fingerprint());

        assertThat(device.received()).containsExactly(Commands.TRUST_KEY);
        assertThat(device.trustedKeys()).containsExactly(KeyFingerprint.of(operator.getPublic()));
        assertThat(registry.device(device.id()).orElseThrow().pinnedKey()).contains(device.fingerprint());
        assertThat(accounts.devicePassword(device.id())).hasValueSatisfying(
                hash -> assertThat(hash.matches("scripted-device-password-" + device.id().value())).isTrue());
        assertThat(pins.brokerPasswords()).containsKey(device.id());
        assertThat(pins.publicKey(device.id())).isPresent();
        assertThat(audit.entries(Optional.empty())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.ADOPT);
            assertThat(entry.target()).isEqualTo(device.id().value());
            assertThat(entry.user()).isEqualTo(System.getProperty("user.name"));
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
            assertThat(entry.detail()).contains(device.fingerprint().value());
        });
        pins.close();
        store.close();
        store = SqliteReadingStore.open(history);
        pins = PinnedKeyStore.open(history.file());
        FleetRegistry restarted = new FleetRegistry();
        new DeviceTrust(restarted, pins, keys, Optional.empty(), Runnable::run, Clock.systemUTC(),
                audit).restore();
        assertThat(restarted.device(device.id()).orElseThrow().pinnedKey()).contains(device.fingerprint());
    }

    @Test
    void anAnswerNotFromTheAnnouncedKeyPinsNothing() {
        // Another key announced for the id than the one that answers: someone else may answer in its name.
        registry.recordAnnouncement(new DeviceAnnouncement(device.id(), "Raspberry Pi 4", "1.0", KEY), "bench-pi",
                "bench-pi.local.", List.of("127.0.0.1"), "lo", 1);

        assertThatThrownBy(() -> trust.adopt(device.id()).join()).cause().isInstanceOf(AdoptionException.class)
                .hasMessageContaining("not from the key " + KEY);
        assertThat(pins.all()).isEmpty();
        assertThat(accounts.devicePasswords()).isEmpty();
    }

    @Test
    void aDeviceThatRefusesTheKeyIsNotAdoptedAndSaysWhy() throws Exception {
        device.trust(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()); // another console's
        announce(device.id());

        assertThatThrownBy(() -> trust.adopt(device.id()).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AdoptionException.class)
                .hasMessageContaining("refused this console's key")
                .hasMessageContaining("already trusts another console's key");
        assertThat(pins.all()).isEmpty();
        assertThat(registry.device(device.id()).orElseThrow().adopted()).isFalse();
        assertThat(audit.entries(Optional.empty())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.ADOPT);
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(entry.detail()).contains("already trusts another console's key");
        });
    }

    @Test
    void aDeviceThatDoesNotAnswerIsNotAdopted() {
        device.ignore(Commands.TRUST_KEY);
        announce(device.id());

        assertThatThrownBy(() -> trust.adopt(device.id()).join()).cause().isInstanceOf(AdoptionException.class)
                .hasMessageContaining("did not answer cmd/trust-key");
        assertThat(pins.all()).isEmpty();
    }

    @Test
    void aDeviceRefusalCodeIsPartOfTheReason() {
        device.refuse(Commands.TRUST_KEY, InstallFailure.BAD_REQUEST, "key changes need a local change");
        announce(device.id());

        assertThatThrownBy(() -> trust.adopt(device.id()).join()).cause()
                .hasMessageContaining("BAD_REQUEST: key changes need a local change");
    }

    @Test
    void refusesToAdoptADeviceThatAnnouncesNoKey() {
        assertThatThrownBy(() -> trust.adopt(device.id()).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(AdoptionException.class)
                .hasMessageContaining("not announcing its key");
        assertThat(device.received()).isEmpty();
        assertThat(pins.all()).isEmpty();
    }

    @Test
    void refusesToAdoptADeviceThatIsNotOnMqtt() {
        DeviceId absent = DeviceId.of("pi-only-mdns");
        announce(absent);

        assertThatThrownBy(() -> trust.adopt(absent).join()).cause().isInstanceOf(AdoptionException.class)
                .hasMessageContaining("not online on MQTT");
    }

    private void announce(DeviceId id) {
        KeyFingerprint key = id.equals(device.id()) ? device.fingerprint() : KEY;
        registry.recordAnnouncement(new DeviceAnnouncement(id, "Raspberry Pi 4", "1.0", key), "bench-pi",
                "bench-pi.local.", List.of("127.0.0.1"), "lo", 1);
    }
}
