package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The external-broker half of issue #9 against the real thing: Debian's mosquitto 2.0 reading the files
 * {@link MosquittoSecurityConfig} wrote through {@code include_dir}, as an operator's install does, with real Paho v5
 * clients for the console role and the devices {@code dev-a} and {@code dev-b}.
 */
class ExternalMosquittoAccessTest {
    /** MQTT v5 reason code 0x87, sent by mosquitto for a refused CONNECT and a denied PUBLISH alike. */
    private static final int NOT_AUTHORIZED = 0x87;
    private static final long WAIT_MS = 10_000;
    private static final DeviceId DEV_A = DeviceId.of("dev-a");
    private static final DeviceId DEV_B = DeviceId.of("dev-b");
    private static final DeviceId DEV_C = DeviceId.of("dev-c");

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> passwords = new HashMap<>();
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private Path root;
    private Path configDir;
    private MosquittoSecurityConfig config;
    private MosquittoBroker broker;

    @BeforeEach
    void startSecuredBroker() throws Exception {
        // Not @TempDir: that is 0700, and mosquitto started as root reads the files as its own user.
        root = Files.createTempDirectory("fleetdeck-mosquitto-auth-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path brokerDir = Files.createDirectory(root.resolve("broker"));
        Files.setPosixFilePermissions(brokerDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        configDir = root.resolve("fleetdeck");
        config = new MosquittoSecurityConfig(configDir, MosquittoBroker.dropsPrivilegesTo());
        MosquittoConfigFiles files = config.write(accounts(DEV_A, DEV_B));
        broker = new MosquittoBroker(brokerDir, MosquittoBroker.Tuning.TESTS, List.of(files.includeLine())).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttAsyncClient client : clients) {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MS);
            }
            client.close(true);
        }
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void refusesAnAnonymousClient() {
        assertThatThrownBy(() -> connect("anonymous", null, null))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).as(broker.log()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void refusesAWrongPasswordAndAnotherDevicesPassword() {
        assertThatThrownBy(() -> connect(DEV_A.value(), DEV_A.value(), "not-the-password"))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        assertThatThrownBy(() -> connect(DEV_A.value(), DEV_A.value(), passwords.get(DEV_B.value())))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void deliversEachReportADevicePublishesOnItsOwnTopics() throws Exception {
        Recorder console = console();
        MqttAsyncClient devA = device(DEV_A);

        for (String report : MosquittoAcl.DEVICE_REPORTS) {
            String topic = "fleetdeck/v1/dev-a/" + report;
            assertThat(publish(devA, topic)).as(topic).allMatch(code -> code < 0x80);
            console.await(topic);
        }
    }

    @Test
    void deniesAndDropsADevicePublishingAsAnotherDevice() throws Exception {
        Recorder console = console();
        MqttAsyncClient devA = device(DEV_A);

        assertThat(publish(devA, "fleetdeck/v1/dev-b/telemetry")).containsExactly(NOT_AUTHORIZED);
        assertThat(publish(devA, "fleetdeck/v1/dev-b/status")).containsExactly(NOT_AUTHORIZED);
        assertThat(publish(devA, "elsewhere/dev-a")).containsExactly(NOT_AUTHORIZED);
        // One broker connection delivers in order: once this arrives, the denied ones would have.
        publish(devA, "fleetdeck/v1/dev-a/telemetry");
        console.await("fleetdeck/v1/dev-a/telemetry");

        assertThat(console.topics()).containsExactly("fleetdeck/v1/dev-a/telemetry");
    }

    @Test
    void deniesADevicePublishingACommandToAnyone() throws Exception {
        MqttAsyncClient devA = device(DEV_A);

        assertThat(publish(devA, "fleetdeck/v1/dev-a/cmd/install")).containsExactly(NOT_AUTHORIZED);
        assertThat(publish(devA, "fleetdeck/v1/dev-b/cmd/install")).containsExactly(NOT_AUTHORIZED);
    }

    @Test
    void grantsADeviceItsOwnCommandsAtQos1() throws Exception {
        MqttAsyncClient devA = device(DEV_A);

        assertThat(subscribe(devA, "fleetdeck/v1/dev-a/cmd/+")).containsExactly(1);
    }

    /**
     * Mosquitto 2.0's {@code acl_file} does not judge SUBSCRIBE at all (security_default.c returns success for it):
     * every filter is granted. It checks {@code read} for every message it would deliver, so what the device gets
     * through {@code #} or another device's filter is its own commands and nothing else, retained messages included.
     */
    @Test
    void grantsEverySubscriptionButDeliversADeviceOnlyItsOwnCommands() throws Exception {
        MqttAsyncClient devB = device(DEV_B);
        publish(devB, "fleetdeck/v1/dev-b/info", true);
        Recorder devA = new Recorder();
        MqttAsyncClient devAClient = connect(DEV_A.value(), DEV_A.value(), passwords.get(DEV_A.value()), devA);

        assertThat(subscribe(devAClient, "#")).containsExactly(1);
        assertThat(subscribe(devAClient, "fleetdeck/v1/dev-b/cmd/+")).containsExactly(1);
        MqttAsyncClient console = connect("fleetdeck-test", BrokerAccounts.CONSOLE_USER,
                passwords.get(BrokerAccounts.CONSOLE_USER));
        publish(console, "fleetdeck/v1/dev-b/cmd/install");
        publish(console, "fleetdeck/v1/dev-b/cmd/ping");
        publish(console, "fleetdeck/v1/dev-a/cmd/ping");
        devA.await("fleetdeck/v1/dev-a/cmd/ping");

        assertThat(devA.topics()).containsOnly("fleetdeck/v1/dev-a/cmd/ping");
    }

    @Test
    void carriesAConsoleCommandToItsDeviceAndTheAnswerBack() throws Exception {
        Recorder console = new Recorder();
        MqttAsyncClient consoleClient = connect("fleetdeck-test", BrokerAccounts.CONSOLE_USER,
                passwords.get(BrokerAccounts.CONSOLE_USER), console);
        subscribe(consoleClient, "fleetdeck/v1/#");
        Recorder devA = new Recorder();
        MqttAsyncClient devAClient = connect(DEV_A.value(), DEV_A.value(), passwords.get(DEV_A.value()), devA);
        subscribe(devAClient, "fleetdeck/v1/dev-a/cmd/+");

        assertThat(publish(consoleClient, "fleetdeck/v1/dev-a/cmd/ping")).allMatch(code -> code < 0x80);
        devA.await("fleetdeck/v1/dev-a/cmd/ping");
        assertThat(publish(devAClient, "fleetdeck/v1/_console/fleetdeck-test/responses"))
                .allMatch(code -> code < 0x80);
        console.await("fleetdeck/v1/_console/fleetdeck-test/responses");
    }

    @Test
    void admitsANewlyAdoptedDeviceAndDropsARemovedOneAfterAReload() throws Exception {
        passwords.put(DEV_C.value(), "c-" + secret());
        assertThatThrownBy(() -> connect(DEV_C.value(), DEV_C.value(), passwords.get(DEV_C.value())))
                .isInstanceOf(MqttException.class);

        config.write(accounts(DEV_A, DEV_C));
        broker.reload();

        MqttAsyncClient devC = Poll.value("dev-c admitted after SIGHUP", Duration.ofSeconds(10), () -> {
            try {
                return connect(DEV_C.value(), DEV_C.value(), passwords.get(DEV_C.value()));
            } catch (MqttException refusedUntilReloaded) {
                return null;
            }
        });
        assertThat(publish(devC, "fleetdeck/v1/dev-c/telemetry")).allMatch(code -> code < 0x80);
        assertThat(publish(devC, "fleetdeck/v1/_console/fleetdeck-test/responses")).allMatch(code -> code < 0x80);
        assertThatThrownBy(() -> connect(DEV_B.value(), DEV_B.value(), passwords.get(DEV_B.value())))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        assertThat(broker.log()).doesNotContain("Error");
    }

    /**
     * The man page says a password-file reload leaves connected clients alone; mosquitto 2.0.11 checks them again
     * (security_default.c, on applying the reloaded security) and disconnects one whose user is gone.
     */
    @Test
    void disconnectsARemovedDeviceThatIsStillConnectedOnAReload() throws Exception {
        MqttAsyncClient devA = device(DEV_A);
        MqttAsyncClient devB = device(DEV_B);

        config.write(accounts(DEV_A));
        broker.reload();

        Poll.until("dev-b disconnected by the reload", Duration.ofSeconds(10), () -> !devB.isConnected());
        assertThat(devA.isConnected()).isTrue();
        assertThat(publish(devA, "fleetdeck/v1/dev-a/telemetry")).allMatch(code -> code < 0x80);
    }

    /** Why {@code --owner} exists: a root-started mosquitto re-reads the files as its own user. */
    @Test
    void admitsNobodyAfterAReloadOfFilesItsUserCannotRead() throws Exception {
        assumeThat(MosquittoBroker.dropsPrivilegesTo()).as("only a root-started mosquitto changes user").isPresent();
        MosquittoConfigFiles files = new MosquittoSecurityConfig(configDir, Optional.empty()).write(accounts(DEV_A));

        broker.reload();

        Poll.until("the console refused", Duration.ofSeconds(10), () -> {
            try {
                connect("fleetdeck-test", BrokerAccounts.CONSOLE_USER, passwords.get(BrokerAccounts.CONSOLE_USER));
                return false;
            } catch (MqttException refused) {
                return refused.getReasonCode() == NOT_AUTHORIZED;
            }
        });
        assertThat(broker.log()).contains("Unable to open pwfile \"" + files.passwordFile() + "\"");
    }

    /**
     * The known limit of the file ACL (docs/security.md): nothing ties a client id to a user, so a device can take
     * another's session by its client id; the ACL still judges it by its own user name.
     */
    @Test
    void letsADeviceTakeAnotherDevicesClientIdButNotItsTopics() throws Exception {
        MqttAsyncClient devB = device(DEV_B);

        MqttAsyncClient impostor = connect(DEV_B.value(), DEV_A.value(), passwords.get(DEV_A.value()));

        Poll.until("dev-b's session taken over", Duration.ofSeconds(10), () -> !devB.isConnected());
        assertThat(publish(impostor, "fleetdeck/v1/dev-b/status")).containsExactly(NOT_AUTHORIZED);
        assertThat(publish(impostor, "fleetdeck/v1/dev-a/status")).allMatch(code -> code < 0x80);
    }

    private BrokerAccounts accounts(DeviceId... devices) {
        passwords.computeIfAbsent(BrokerAccounts.CONSOLE_USER, user -> secret());
        Map<DeviceId, PasswordHash> hashes = new HashMap<>();
        for (DeviceId device : devices) {
            String password = passwords.computeIfAbsent(device.value(), user -> secret());
            hashes.put(device, PasswordHash.of(password, random));
        }
        return new FixedAccounts(PasswordHash.of(passwords.get(BrokerAccounts.CONSOLE_USER), random), hashes);
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Recorder console() throws MqttException {
        Recorder recorder = new Recorder();
        MqttAsyncClient client = connect("fleetdeck-test", BrokerAccounts.CONSOLE_USER,
                passwords.get(BrokerAccounts.CONSOLE_USER), recorder);
        subscribe(client, "fleetdeck/v1/#");
        return recorder;
    }

    private MqttAsyncClient device(DeviceId device) throws MqttException {
        return connect(device.value(), device.value(), passwords.get(device.value()));
    }

    private MqttAsyncClient connect(String clientId, String user, String password) throws MqttException {
        return connect(clientId, user, password, new Recorder());
    }

    private MqttAsyncClient connect(String clientId, String user, String password, Recorder recorder)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        clients.add(client);
        client.setCallback(MessageCallback.of((topic, message) -> recorder.topics.add(topic)));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(WAIT_MS);
        return client;
    }

    private static List<Integer> subscribe(MqttAsyncClient client, String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 1)});
        token.waitForCompletion(WAIT_MS);
        return codes(token);
    }

    private static List<Integer> publish(MqttAsyncClient client, String topic) throws MqttException {
        return publish(client, topic, false);
    }

    private static List<Integer> publish(MqttAsyncClient client, String topic, boolean retained)
            throws MqttException {
        IMqttToken token = client.publish(topic, new MqttMessage("{}".getBytes(StandardCharsets.UTF_8), 1,
                retained, null));
        token.waitForCompletion(WAIT_MS);
        return codes(token);
    }

    private static List<Integer> codes(IMqttToken token) {
        return Optional.ofNullable(token.getReasonCodes()).stream()
                .flatMapToInt(Arrays::stream).boxed().toList();
    }

    /** The topics a client received, in order. */
    private static final class Recorder {
        private final List<String> topics = new CopyOnWriteArrayList<>();

        List<String> topics() {
            return topics;
        }

        void await(String topic) {
            Poll.until(topic, Duration.ofSeconds(10), () -> topics.contains(topic));
        }
    }
}
