package io.fleetdeck.console.mqtt;

import io.fleetdeck.console.broker.BrokerSettings;
import io.fleetdeck.console.broker.BrokerTls;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.console.broker.auth.AccessLog;
import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.tls.ServerNames;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's telemetry connection on Netty's MQTT codec against real brokers: Mosquitto (receive maximum, kept
 * session, restart) and the embedded HiveMQ (TLS, access control). Device side: real Paho clients.
 */
class TelemetrySessionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DeviceId PI = DeviceId.of("pi-netty");
    private static final String CONSOLE_PASSWORD = "console-secret";

    @TempDir
    static Path dir;
    private static MosquittoBroker mosquitto;
    private static EmbeddedBroker guarded;
    private static EmbeddedBroker withTls;
    private static ConsoleTls tls;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startBrokers() throws Exception {
        mosquitto = new MosquittoBroker(Files.createDirectories(dir.resolve("mosquitto"))).start();
        PasswordHash console = PasswordHash.of(CONSOLE_PASSWORD, new SecureRandom());
        BrokerAccounts accounts = new BrokerAccounts() {
            @Override
            public PasswordHash consolePassword() {
                return console;
            }

            @Override
            public Map<DeviceId, PasswordHash> devicePasswords() {
                return Map.of();
            }
        };
        guarded = EmbeddedBroker.start(BrokerSettings.loopback(Files.createDirectories(dir.resolve("guarded")))
                .withPort(0), accounts, new AccessLog());
        Path tlsData = Files.createDirectories(dir.resolve("tls"));
        tls = ConsoleTls.open(tlsData, ServerNames.forBindAddress("127.0.0.1"), Clock.systemUTC());
        withTls = EmbeddedBroker.start(BrokerSettings.loopback(tlsData).withPort(0), new BrokerTls(tls, 0));
    }

    @AfterAll
    static void stopBrokers() {
        mosquitto.close();
        guarded.close();
        withTls.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void theBrokerSendsNoMoreThanTheReceiveMaximumWithoutPubAcks() throws Exception {
        Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        TelemetrySession console = subscribed(session(mosquitto.url(), "fleetdeck-netty-1",
                (topic, payload, ack) -> held.add(ack)));
        publish(mosquitto.url(), FleetSubscriber.RECEIVE_MAXIMUM + 200, "m");

        Poll.until("the receive maximum held", WAIT, () -> held.size() >= FleetSubscriber.RECEIVE_MAXIMUM);
        Thread.sleep(500);
        assertThat(held).as("the broker sends no more than the receive maximum without PUBACKs")
                .hasSize(FleetSubscriber.RECEIVE_MAXIMUM);

        List<Runnable> first = List.copyOf(held);
        held.clear();
        // From another thread, as the history writer acknowledges.
        Thread writer = Thread.ofPlatform().start(() -> first.forEach(Runnable::run));
        writer.join();
        Poll.until("the rest after the PUBACKs", WAIT, () -> held.size() == 200);
        held.forEach(Runnable::run);
        assertThat(console.staleAcknowledgements()).isZero();
    }

    @Test
    void messagesNotAcknowledgedBeforeTheConsoleWentAwayAreRedeliveredOnTheKeptSession() throws Exception {
        Set<String> firstSession = ConcurrentHashMap.newKeySet();
        TelemetrySession first = subscribed(session(mosquitto.url(), "fleetdeck-netty-2", (topic, payload, ack) -> {
            String body = text(payload);
            firstSession.add(body);
            if (body.endsWith("-even")) {
                ack.run();
            }
        }));
        publishNumbered(mosquitto.url(), 40);
        Poll.until("40 messages", WAIT, () -> firstSession.size() == 40);
        first.close();
        open.remove(first);

        Set<String> secondSession = ConcurrentHashMap.newKeySet();
        Queue<String> topics = new ConcurrentLinkedQueue<>();
        subscribed(session(mosquitto.url(), "fleetdeck-netty-2", (topic, payload, ack) -> {
            secondSession.add(text(payload));
            topics.add(topic);
            ack.run();
        }));
        Poll.until("the redelivered messages", WAIT, () -> secondSession.size() == 20);
        Thread.sleep(300);
        assertThat(secondSession).as("exactly the messages the first session never acknowledged")
                .hasSize(20).allMatch(body -> body.endsWith("-odd"));
        assertThat(topics).allMatch(Topics.telemetry(PI)::equals);
    }

    @Test
    void afterABrokerRestartItReconnectsResubscribesAndMissesNothingSentSince(@TempDir Path own) throws Exception {
        MosquittoBroker restarted = new MosquittoBroker(own).start();
        try {
            Queue<String> received = new ConcurrentLinkedQueue<>();
            Queue<Runnable> held = new ConcurrentLinkedQueue<>();
            TelemetrySession console = subscribed(session(restarted.url(), "fleetdeck-netty-3",
                    (topic, payload, ack) -> {
                        received.add(text(payload));
                        if (text(payload).equals("before-0")) {
                            held.add(ack);
                        } else {
                            ack.run();
                        }
                    }));
            publish(restarted.url(), 10, "before-");
            Poll.until("10 messages before the restart", WAIT, () -> received.size() == 10);

            restarted.stop();
            Poll.until("the loss noticed", WAIT,
                    () -> console.status().state() == ConnectionStatus.State.DISCONNECTED);
            assertThat(console.subscribed()).isFalse();
            restarted.start();
            Poll.until("subscribed again", WAIT, console::subscribed);
            assertThat(console.status().state()).isEqualTo(ConnectionStatus.State.CONNECTED);

            // The PUBACK owed on the lost connection must not go out on the new one.
            held.forEach(Runnable::run);
            assertThat(console.staleAcknowledgements()).isEqualTo(1);
            publish(restarted.url(), 50, "after-");
            Poll.until("every message sent after the restart", WAIT,
                    () -> received.stream().filter(body -> body.startsWith("after-")).count() == 50);
        } finally {
            restarted.close();
        }
    }

    @Test
    void keepAlivePingsHoldAnIdleConnectionAndABrokerThatStopsAnsweringIsNoticed(@TempDir Path own)
            throws Exception {
        MosquittoBroker frozen = new MosquittoBroker(own).start();
        try {
            TelemetrySession console = session(frozen.url(), "fleetdeck-netty-ping", (topic, payload, ack) -> ack.run())
                    .keepAlive(1);
            subscribed(console);
            // Mosquitto drops a client silent for 1.5 keep-alives; PINGREQs keep this one.
            Thread.sleep(3_500);
            assertThat(console.subscribed()).isTrue();
            assertThat(console.status().state()).isEqualTo(ConnectionStatus.State.CONNECTED);

            signal("STOP", frozen.pid());
            try {
                Poll.until("the silent broker noticed", WAIT,
                        () -> console.status().detail().contains("no answer from the broker to PINGREQ"));
                assertThat(console.subscribed()).isFalse();
            } finally {
                signal("CONT", frozen.pid());
            }
            Poll.until("subscribed again", WAIT, console::subscribed);
        } finally {
            frozen.close();
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void overTlsItTrustsTheConfiguredCa() throws Exception {
        Queue<String> received = new ConcurrentLinkedQueue<>();
        TelemetrySession console = session(withTls.endpoint().url(), "fleetdeck-netty-tls",
                (topic, payload, ack) -> {
                    received.add(text(payload));
                    ack.run();
                });
        console.trustOnly(tls.caCertificateFile());
        subscribed(console);

        publish(withTls.localEndpoint().url(), 5, "tls-");
        Poll.until("5 messages over TLS", WAIT, () -> received.size() == 5);
        assertThat(received).containsExactly("tls-0", "tls-1", "tls-2", "tls-3", "tls-4");
    }

    @Test
    void overTlsABrokerCertificateFromAnotherCaIsRefused() {
        // No CA configured: the JDK's public CAs, which did not issue the console's certificate.
        TelemetrySession console = session(withTls.endpoint().url(), "fleetdeck-netty-untrusting",
                (topic, payload, ack) -> ack.run());
        console.start();

        Poll.until("a failed handshake", WAIT, () -> console.status().detail().contains("SSLHandshakeException"));
        assertThat(console.status().state()).isEqualTo(ConnectionStatus.State.DISCONNECTED);
        assertThat(console.subscribed()).isFalse();
    }

    @Test
    void aWrongPasswordIsShownAsTheBrokersRefusal() {
        TelemetrySession console = session(guarded.endpoint().url(), "fleetdeck-netty-bad",
                (topic, payload, ack) -> ack.run()).withCredentials(BrokerAccounts.CONSOLE_USER, "wrong");
        console.start();

        Poll.until("the refusal", WAIT, () -> console.status().detail().contains("refused the connection"));
        assertThat(console.status().state()).isEqualTo(ConnectionStatus.State.DISCONNECTED);
        assertThat(console.status().detail()).contains("bad username or password").contains("0x86");
    }

    @Test
    void aRefusedSubscriptionIsShownAndTheSessionIsNotSubscribed() {
        TelemetrySession console = new TelemetrySession(guarded.endpoint().url(), "fleetdeck-netty-acl",
                "elsewhere/+/telemetry", true, (topic, payload, ack) -> ack.run(), Clock.systemUTC())
                .withCredentials(BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD);
        open.add(console);
        console.start();

        Poll.until("the refusal", WAIT, () -> console.status().detail().contains("refused the subscription"));
        assertThat(console.status().detail()).contains("elsewhere/+/telemetry").contains("0x87");
        assertThat(console.subscribed()).isFalse();
    }

    @Test
    void theBrokerAdmitsTheTelemetryClientIdOfTheConsoleAndKeepsItsSessionWhileAway() throws Exception {
        String clientId = TelemetrySession.clientIdFor("fleetdeck-netty-guarded");
        Queue<String> received = new ConcurrentLinkedQueue<>();
        TelemetrySession first = subscribed(session(guarded.endpoint().url(), clientId,
                (topic, payload, ack) -> {
                    received.add(text(payload));
                    ack.run();
                }).withCredentials(BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD));
        publish(guarded.endpoint().url(), 3, "online-");
        Poll.until("3 messages", WAIT, () -> received.size() == 3);
        first.close();
        open.remove(first);

        publish(guarded.endpoint().url(), 3, "away-");
        subscribed(session(guarded.endpoint().url(), clientId, (topic, payload, ack) -> {
            received.add(text(payload));
            ack.run();
        }).withCredentials(BrokerAccounts.CONSOLE_USER, CONSOLE_PASSWORD));
        Poll.until("what was queued while away", WAIT, () -> received.size() == 6);
        assertThat(received).contains("away-0", "away-1", "away-2");
    }

    @Test
    void closingStopsItsThreads() {
        TelemetrySession console = subscribed(session(mosquitto.url(), "fleetdeck-netty-close",
                (topic, payload, ack) -> ack.run()));
        console.close();
        open.remove(console);

        assertThat(console.status().state()).isEqualTo(ConnectionStatus.State.CLOSED);
        Poll.until("no telemetry thread left", WAIT, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("mqtt-telemetry") && thread.isAlive()));
    }

    private TelemetrySession session(String url, String clientId, MessageSink sink) {
        TelemetrySession session = new TelemetrySession(url, clientId, true, sink, Clock.systemUTC());
        open.add(session);
        return session;
    }

    private static TelemetrySession subscribed(TelemetrySession session) {
        if (session.status().state() == ConnectionStatus.State.CONNECTING) {
            session.start();
        }
        Poll.until("subscribed (" + session.status().detail() + ")", WAIT, session::subscribed);
        return session;
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static void publish(String url, int count, String prefix) throws Exception {
        try (TelemetryPublisher publisher = new TelemetryPublisher(url, PI)) {
            for (int i = 0; i < count; i++) {
                publisher.send((prefix + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void publishNumbered(String url, int count) throws Exception {
        try (TelemetryPublisher publisher = new TelemetryPublisher(url, PI)) {
            for (int i = 0; i < count; i++) {
                publisher.send(("m" + i + (i % 2 == 0 ? "-even" : "-odd")).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
