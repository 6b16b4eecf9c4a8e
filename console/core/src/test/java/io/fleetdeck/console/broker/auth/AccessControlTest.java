package io.fleetdeck.console.broker.auth;

import io.fleetdeck.console.broker.BrokerSettings;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker with access control, against real Paho MQTT v5 clients on loopback. */
class AccessControlTest {
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final String CONSOLE_PASSWORD = "console-secret";
    private static final String DEVICE_A_PASSWORD = "device-a-secret";

    @TempDir
    static Path dir;
    private static EmbeddedBroker broker;
    private static final AccessLog refusals = new AccessLog();
    private static final Map<DeviceId, PasswordHash> adopted = new ConcurrentHashMap<>();

    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        SecureRandom random = new SecureRandom();
        PasswordHash console = PasswordHash.of(CONSOLE_PASSWORD, random);
        adopted.put(DeviceId.of("dev-a"), PasswordHash.of(DEVICE_A_PASSWORD, random));
        adopted.put(DeviceId.of("dev-b"), PasswordHash.of("device-b-secret", random));
        BrokerAccounts accounts = new BrokerAccounts() {
            @Override
            public PasswordHash consolePassword() {
                return console;
            }

            @Override
            public Map<DeviceId, PasswordHash> devicePasswords() {
                return adopted;
            }
        };
        broker = EmbeddedBroker.start(BrokerSettings.loopback(dir).withPort(0), accounts, refusals);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void disconnect() {
        for (MqttAsyncClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close();
            } catch (MqttException ignored) {
                // the test is over; a client the broker already dropped has nothing to close
            }
        }
    }

    @Test
    void refusesAnAnonymousConnect() {
        assertThatThrownBy(() -> connect("anything", null, null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(NOT_AUTHORIZED));
        assertThat(refusals.refusedConnects()).isPositive();
        assertThat(refusals.latest()).contains("anonymous");
    }

    @Test
    void refusesAWrongPasswordAndAnAdoptedDeviceWithoutOne() {
        assertThatThrownBy(() -> connect("fleetdeck-c1", BrokerAccounts.CONSOLE_USER, "guess"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(() -> connect("dev-a", "dev-a", null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void refusesADeviceUnderAnotherClientIdAndAConsoleUnderADeviceId() {
        assertThatThrownBy(() -> connect("dev-b", "dev-a", DEVICE_A_PASSWORD))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(NOT_AUTHORIZED));
        assertThatThrownBy(() -> connect("dev-b", BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void aDevicePublishingUnderAnotherDevicesTopicsGetsNotAuthorizedAndNothingIsDelivered() throws Exception {
        Recorder console = consoleSubscriber();
        MqttAsyncClient deviceA = connect("dev-a", "dev-a", DEVICE_A_PASSWORD);
        deviceA.publish("fleetdeck/v1/dev-a/telemetry", message("own")).waitForCompletion(5_000);

        assertThat(refusedPublish(deviceA, "fleetdeck/v1/dev-b/telemetry")).isEqualTo(NOT_AUTHORIZED);

        Poll.until("console receives dev-a's own telemetry", Duration.ofSeconds(5),
                () -> console.topics().contains("fleetdeck/v1/dev-a/telemetry"));
        // HiveMQ answers an MQTT 5 client PUBACK 0x87 and then closes its connection; the daemon reconnects.
        Poll.until("dev-a is disconnected", Duration.ofSeconds(5), () -> !deviceA.isConnected());
        assertThat(console.topics()).doesNotContain("fleetdeck/v1/dev-b/telemetry");
        assertThat(refusals.refusedPublishes()).isPositive();
    }

    @Test
    void aDeviceMayNotSubscribeToEverythingNorToAnotherDevicesCommands() throws Exception {
        MqttAsyncClient deviceA = connect("dev-a", "dev-a", DEVICE_A_PASSWORD);

        IMqttToken everything = deviceA.subscribe(new MqttSubscription("#", 1));
        everything.waitForCompletion(5_000);
        IMqttToken othersCommands = deviceA.subscribe(new MqttSubscription("fleetdeck/v1/dev-b/cmd/+", 1));
        othersCommands.waitForCompletion(5_000);
        IMqttToken ownCommands = deviceA.subscribe(new MqttSubscription("fleetdeck/v1/dev-a/cmd/+", 1));
        ownCommands.waitForCompletion(5_000);

        assertThat(everything.getReasonCodes()).containsExactly(NOT_AUTHORIZED);
        assertThat(othersCommands.getReasonCodes()).containsExactly(NOT_AUTHORIZED);
        assertThat(ownCommands.getReasonCodes()).containsExactly(1);
        assertThat(deviceA.isConnected()).isTrue();
    }

    @Test
    void aDeviceMayNotSendCommands() throws Exception {
        MqttAsyncClient deviceA = connect("dev-a", "dev-a", DEVICE_A_PASSWORD);

        assertThat(refusedPublish(deviceA, "fleetdeck/v1/dev-b/cmd/install")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void theConsoleCommandsADeviceAndTheDeviceAnswersOnTheConsolesResponseTopic() throws Exception {
        Recorder console = consoleSubscriber();
        MqttAsyncClient deviceA = connect("dev-a", "dev-a", DEVICE_A_PASSWORD);
        List<String> heard = new CopyOnWriteArrayList<>();
        deviceA.setCallback(MessageCallback.of((topic, message) -> heard.add(topic)));
        deviceA.subscribe(new MqttSubscription("fleetdeck/v1/dev-a/cmd/+", 1)).waitForCompletion(5_000);

        console.client.publish("fleetdeck/v1/dev-a/cmd/ping", message("{}")).waitForCompletion(5_000);
        Poll.until("dev-a hears its ping", Duration.ofSeconds(5), () -> heard.contains("fleetdeck/v1/dev-a/cmd/ping"));
        IMqttToken answer = deviceA.publish("fleetdeck/v1/_console/c1/responses", message("{}"));
        answer.waitForCompletion(5_000);

        assertThat(answer.getReasonCodes()).containsExactly(0);
        Poll.until("console receives fleetdeck/v1/_console/c1/responses", Duration.ofSeconds(5), () -> console.topics().contains("fleetdeck/v1/_console/c1/responses"));
    }

    @Test
    void aDeviceNobodyAdoptedShowsItselfButReportsNoInstall() throws Exception {
        Recorder console = consoleSubscriber();
        MqttAsyncClient fresh = connect("dev-new", "dev-new", null);

        IMqttToken info = fresh.publish("fleetdeck/v1/dev-new/info", message("{}"));
        info.waitForCompletion(5_000);
        assertThat(info.getReasonCodes()).containsExactly(0);
        assertThat(refusedPublish(fresh, "fleetdeck/v1/dev-new/install")).isEqualTo(NOT_AUTHORIZED);

        Poll.until("console receives fleetdeck/v1/dev-new/info", Duration.ofSeconds(5),
                () -> console.topics().contains("fleetdeck/v1/dev-new/info"));
        assertThat(console.topics()).doesNotContain("fleetdeck/v1/dev-new/install");
    }

    @Test
    void onlyTheConsoleKeepsASessionWhileAway() throws Exception {
        assertThat(sessionKeptAcrossReconnect("dev-a", "dev-a", DEVICE_A_PASSWORD)).isFalse();
        assertThat(sessionKeptAcrossReconnect("fleetdeck-kept", BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD))
                .isTrue();
    }

    /** Connects asking for a day of session expiry, leaves, comes back without clean start: was the session there? */
    private boolean sessionKeptAcrossReconnect(String clientId, String user, String password) throws Exception {
        MqttConnectionOptions options = options(user, password);
        options.setSessionExpiryInterval(86_400L);
        MqttAsyncClient client = new MqttAsyncClient(broker.endpoint().url(), clientId, new MemoryPersistence());
        clients.add(client);
        client.connect(options).waitForCompletion(5_000);
        client.disconnect().waitForCompletion(5_000);
        options.setCleanStart(false);
        IMqttToken again = client.connect(options);
        again.waitForCompletion(5_000);
        return again.getSessionPresent();
    }

    @Test
    void aDeviceWillToItsOwnStatusIsAccepted() throws Exception {
        Recorder console = consoleSubscriber();
        MqttConnectionOptions options = options("dev-a", DEVICE_A_PASSWORD);
        options.setWill("fleetdeck/v1/dev-a/status", message("{\"v\":1,\"state\":\"OFFLINE\",\"ts\":1}"));
        MqttAsyncClient deviceA = new MqttAsyncClient(broker.endpoint().url(), "dev-a", new MemoryPersistence());
        clients.add(deviceA);
        deviceA.connect(options).waitForCompletion(5_000);

        // Reason 0x04: "disconnect with will message", the same path a crash takes on the broker.
        deviceA.disconnect(1_000, null, null, 0x04, new MqttProperties()).waitForCompletion(5_000);

        Poll.until("console receives fleetdeck/v1/dev-a/status", Duration.ofSeconds(10), () -> console.topics().contains("fleetdeck/v1/dev-a/status"));
    }

    private record Recorder(MqttAsyncClient client, List<String> received) {
        List<String> topics() {
            return received;
        }
    }

    /**
     * Publishes QoS 1 where the client may not; returns the reason code it was refused with: the PUBACK's, or the
     * DISCONNECT's when the broker's disconnect overtook the acknowledgement in Paho.
     */
    private static int refusedPublish(MqttAsyncClient client, String topic) throws MqttException {
        IMqttToken token = client.publish(topic, message("refused"));
        try {
            token.waitForCompletion(5_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private Recorder consoleSubscriber() throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.endpoint().url(), "fleetdeck-c" + clients.size(),
                new MemoryPersistence());
        clients.add(client);
        List<String> received = new CopyOnWriteArrayList<>();
        client.setCallback(MessageCallback.of((topic, message) -> received.add(topic)));
        client.connect(options(BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD)).waitForCompletion(5_000);
        IMqttToken subscribed = client.subscribe(new MqttSubscription("fleetdeck/v1/#", 1));
        subscribed.waitForCompletion(5_000);
        assertThat(subscribed.getReasonCodes()).containsExactly(1);
        return new Recorder(client, received);
    }

    private MqttAsyncClient connect(String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.endpoint().url(), clientId, new MemoryPersistence());
        clients.add(client);
        client.connect(options(user, password)).waitForCompletion(5_000);
        return client;
    }

    private static MqttConnectionOptions options(String user, String password) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        if (user != null) {
            options.setUserName(user);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private static MqttMessage message(String text) {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }
}
