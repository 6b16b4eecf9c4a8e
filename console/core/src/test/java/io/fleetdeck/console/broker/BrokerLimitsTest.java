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

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /** One broker for the class (stopping HiveMQ takes seconds), with a tiny cap and a 1 s idle timeout. */
    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(BrokerSettings.loopback(dir).withPort(0).withLimits(BrokerLimits.defaults()
                .withMaxConnections(CAP).withNoConnectIdleTimeout(Duration.ofSeconds(1))));
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
            // Far longer than the 1 s idle timeout: a read that ends means the broker hung up, a timeout means not.
            idle.setSoTimeout(30_000);

            assertThat(readUntilClosed(idle.getInputStream())).as("what the broker sent before closing").isZero();
        }
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
                .contains("<no-connect-idle-timeout>1000</no-connect-idle-timeout>");
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
    private void connectWhenTheBrokerHasCountedTheClose(String clientId) throws Exception {
        MqttException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                connect(clientId);
                return;
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
