package io.fleetdeck.console.broker;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.common.mqtt.NoDelaySslSocketFactory;
import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.tls.ServerNames;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerTlsTest {
    private static final long WAIT_MS = 10_000;

    @TempDir
    static Path data;
    private static ConsoleTls tls;
    private static EmbeddedBroker broker;

    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @BeforeAll
    static void startBrokerWithTls() {
        tls = ConsoleTls.open(data, ServerNames.forBindAddress("127.0.0.1"), Clock.systemUTC());
        broker = EmbeddedBroker.start(BrokerSettings.loopback(data).withPort(0), new BrokerTls(tls, 0));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttAsyncClient client : clients) {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MS);
            }
            client.close(true);
        }
    }

    @Test
    void devicesGetAnSslEndpointAndThisMachineAPlainLoopbackOne() {
        URI devices = URI.create(broker.endpoint().url());
        URI local = URI.create(broker.localEndpoint().url());

        assertThat(devices.getScheme()).isEqualTo("ssl");
        assertThat(devices.getPort()).isEqualTo(broker.tlsPort().orElseThrow());
        assertThat(local.getScheme()).isEqualTo("tcp");
        assertThat(local.getHost()).isEqualTo("127.0.0.1");
        assertThat(local.getPort()).isEqualTo(broker.port()).isNotEqualTo(devices.getPort());
    }

    @Test
    void aClientTrustingTheConsoleCaConnectsOverTlsAndItsMessagesArrive() throws Exception {
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        MqttAsyncClient console = connect(broker.localEndpoint().url(), "console-tls", new NoDelaySocketFactory(),
                received);
        console.subscribe("fleetdeck/v1/pi-tls/telemetry", 1).waitForCompletion(WAIT_MS);
        MqttAsyncClient device = connect(broker.endpoint().url(), "pi-tls", trustingConsoleCa(), null);

        device.publish("fleetdeck/v1/pi-tls/telemetry", "21.5".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(WAIT_MS);
        MqttMessage message = received.poll(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(message).isNotNull();
        assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
    }

    @Test
    void aClientThatDoesNotTrustTheConsoleCaFailsTheHandshake() {
        // The JDK's public CAs, as a client with no broker CA configured would trust.
        SocketFactory publicCas = SSLSocketFactory.getDefault();

        assertThatThrownBy(() -> connect(broker.endpoint().url(), "pi-untrusting", publicCas, null))
                .isInstanceOf(MqttException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
    }

    @Test
    void aPlainMqttClientCannotTalkToTheTlsPort() {
        String plainToTls = "tcp://127.0.0.1:" + broker.tlsPort().orElseThrow();

        assertThatThrownBy(() -> connect(plainToTls, "pi-plain", new NoDelaySocketFactory(), null))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void theConsoleSessionSubscribesOverSslWhenToldToTrustTheConsoleCa() {
        try (FleetSubscriber session = new FleetSubscriber(broker.endpoint().url(), "console-remote",
                List.of("fleetdeck/v1/+/status"), false, (topic, payload) -> { }, Clock.systemUTC())) {
            session.trustOnly(tls.caCertificateFile());
            session.start();

            Poll.until("the session over ssl:// is subscribed", Duration.ofSeconds(20), session::subscribed);
            assertThat(session.status().state()).isEqualTo(ConnectionStatus.State.CONNECTED);
        }
    }

    @Test
    void rendersATlsListenerThatHiveMqsSchemaAcceptsWithThePlainListenerOnLoopback(@TempDir Path dir)
            throws SAXException, IOException {
        HiveMqConfig.TlsListener listener = new HiveMqConfig.TlsListener("0.0.0.0", 8883, dir.resolve("server.p12"),
                "secret", dir.resolve("ca.p12"), "other");

        String xml = HiveMqConfig.render(BrokerSettings.loopback(dir), "127.0.0.1", 1883, listener);

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getClassLoader().getResource("config.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("<tls-tcp-listener>", "<port>8883</port>", "<bind-address>0.0.0.0</bind-address>",
                "<protocol>TLSv1.3</protocol>", "<protocol>TLSv1.2</protocol>",
                "<client-authentication-mode>OPTIONAL</client-authentication-mode>");
        assertThat(xml.substring(xml.indexOf("<tcp-listener>"), xml.indexOf("</tcp-listener>")))
                .contains("<bind-address>127.0.0.1</bind-address>");
    }

    private static SocketFactory trustingConsoleCa() {
        return new NoDelaySslSocketFactory(CaTrust.context(tls.caCertificateFile()).getSocketFactory(),
                new NoDelaySocketFactory());
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    private MqttAsyncClient connect(String url, String clientId, SocketFactory sockets,
                                    BlockingQueue<MqttMessage> sink) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        clients.add(client);
        client.setCallback(MessageCallback.of((topic, message) -> {
            if (sink != null) {
                sink.add(message);
            }
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        options.setSocketFactory(sockets);
        options.setHttpsHostnameVerificationEnabled(true);
        client.connect(options).waitForCompletion(WAIT_MS);
        return client;
    }
}
