package io.fleetdeck.console.broker;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetdeck.testkit.mqtt.MessageCallback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** {@link BrokerLimits} enforced by the real embedded HiveMQ: idle sockets, the connection cap, client id length. */
class BrokerLimitsTest {
    private static final int CAP = 4;
    private static final long WAIT_MS = 10_000;

    @TempDir
    static Path dir;
    private static EmbeddedBroker broker;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    /**
     * One broker for the class (stopping HiveMQ takes seconds), with a tiny cap and a 3 s idle timeout: long enough
     * for a test to connect while its flood still holds the cap, short enough to wait for.
     */
    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(BrokerSettings.loopback(dir).withPort(0).withLimits(BrokerLimits.defaults()
                .withMaxConnections(CAP).withNoConnectIdleTimeout(Duration.ofSeconds(3))));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    @Test
    void closesASocketThatNeverSendsConnect() throws IOException {
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), broker.port())) {
            // Far longer than the 3 s idle timeout: a read that ends means the broker hung up, a timeout means not.
            idle.setSoTimeout(30_000);

            assertThat(readUntilClosed(idle.getInputStream())).as("what the broker sent before closing").isZero();
        }
    }

    /**
     * Silent sockets count against the cap, so a flood of them refuses devices (CONNACK Quota exceeded), but only
     * until the idle timeout closes them; then a device's publish reaches the console again. 300 sockets in the
     * normal build, 5,000 with {@code -Pslowloris}.
     */
    @Test
    void aFloodOfSilentSocketsHoldsTheCapOnlyUntilTheIdleTimeoutClosesIt() throws Exception {
        int count = Integer.getInteger("fleetdeck.slowloris.sockets", 300);
        List<Socket> silent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), broker.port());
            silent.add(socket);
            cleanup.add(socket);
        }

        assertThatThrownBy(() -> connect("pi-flooded")).isInstanceOfSatisfying(MqttException.class, e ->
                assertThat(e.getReasonCode()).as("CONNACK Quota exceeded").isEqualTo(0x97));
        for (Socket socket : silent) {
            socket.setSoTimeout(30_000);
            readUntilClosed(socket.getInputStream());
        }
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttAsyncClient console = connectWhenTheBrokerHasCountedTheClose("console-flood");
        console.setCallback(MessageCallback.of((topic, message) ->
                received.add(new String(message.getPayload(), StandardCharsets.UTF_8))));
        console.subscribe("fleetdeck/v1/pi-flood/telemetry", 1).waitForCompletion(WAIT_MS);
        connect("pi-flood").publish("fleetdeck/v1/pi-flood/telemetry", "21.5".getBytes(StandardCharsets.UTF_8), 1,
                false).waitForCompletion(WAIT_MS);
        assertThat(received.poll(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("21.5");
    }

    @Test
    void refusesAConnectionBeyondTheCapAndTakesOneAgainOnceASlotIsFree() throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            clients.add(connect("pi-cap-" + i));
        }

        assertThatThrownBy(() -> connect("pi-cap-extra")).isInstanceOf(MqttException.class);

        clients.getFirst().disconnect().waitForCompletion(WAIT_MS);
        clients.getFirst().close();
        cleanup.remove(clients.getFirst());
        assertThatCode(() -> connectWhenTheBrokerHasCountedTheClose("pi-cap-extra")).doesNotThrowAnyException();
    }

    @Test
    void refusesAClientIdLongerThanADeviceIdMayBe() throws Exception {
        assertThatCode(() -> connect("p".repeat(64))).doesNotThrowAnyException();

        assertThatThrownBy(() -> connect("p".repeat(65))).isInstanceOfSatisfying(MqttException.class, e ->
                assertThat(e.getReasonCode()).as("CONNACK Client Identifier not valid").isEqualTo(0x85));
    }

    @Test
    void writesTheLimitsIntoTheBrokersConfiguration() {
        assertThat(dir.resolve("broker/conf/config.xml")).content()
                .contains("<max-connections>" + CAP + "</max-connections>")
                .contains("<max-client-id-length>64</max-client-id-length>")
                .contains("<no-connect-idle-timeout>3000</no-connect-idle-timeout>");
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        int count = 0;
        try {
            while (in.read() >= 0) {
                count++;
            }
        } catch (SocketException reset) {
            // A reset is a close too.
        }
        return count;
    }

    /** The broker frees a slot when it sees the socket close, which can trail the client's DISCONNECT a little. */
    private MqttAsyncClient connectWhenTheBrokerHasCountedTheClose(String clientId) throws Exception {
        MqttException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return connect(clientId);
            } catch (MqttException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private MqttAsyncClient connect(String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.endpoint().url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        try {
            client.connect(options).waitForCompletion(WAIT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        cleanup.add(() -> {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MS);
            }
            client.close();
        });
        return client;
    }
}
