package io.fleetdeck.console.broker;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrokerTest {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerTest.class);
    /** Paho's reason code when its own in-flight window is full. */
    private static final int TOO_MANY_PUBLISHES_IN_PROGRESS = 32202;
    private static final long WAIT_MS = 10_000;

    /** Stopping HiveMQ takes ~4 s (Netty's quiet periods), so tests that only need a running broker share one. */
    @TempDir
    static Path sharedDir;
    private static EmbeddedBroker shared;

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startSharedBroker() {
        shared = EmbeddedBroker.start(BrokerSettings.loopback(sharedDir).withPort(0));
    }

    @AfterAll
    static void stopSharedBroker() {
        shared.close();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    @Test
    void picksAFreeLoopbackPortAndReportsIt() {
        EmbeddedBroker broker = shared;

        assertThat(broker.port()).isPositive();
        assertThat(broker.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(URI.create(broker.endpoint().url())).satisfies(uri -> {
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(uri.getPort()).isEqualTo(broker.port());
        });
        assertThat(sharedDir.resolve("broker/conf/config.xml")).content()
                .contains("<port>" + broker.port() + "</port>", "<bind-address>127.0.0.1</bind-address>");
    }

    @Test
    void deliversARetainedMessageToALaterSubscriberAndLiveQos1Messages() throws Exception {
        EmbeddedBroker broker = shared;
        MqttAsyncClient device = connect(broker, "pi-retained", options -> { });
        device.publish("fleetdeck/v1/pi-retained/info", "{\"model\":\"pi\"}".getBytes(StandardCharsets.UTF_8), 1, true)
                .waitForCompletion(WAIT_MS);

        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        MqttAsyncClient console = connect(broker, "console-retained", options -> { }, received::add);
        console.subscribe("fleetdeck/v1/pi-retained/#", 1).waitForCompletion(WAIT_MS);
        MqttMessage retained = received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        device.publish("fleetdeck/v1/pi-retained/telemetry", "42".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(WAIT_MS);
        MqttMessage live = received.poll(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(retained).isNotNull();
        assertThat(retained.isRetained()).isTrue();
        assertThat(new String(retained.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"pi\"}");
        assertThat(live).isNotNull();
        assertThat(live.getQos()).isEqualTo(1);
        assertThat(new String(live.getPayload(), StandardCharsets.UTF_8)).isEqualTo("42");
    }

    @Test
    void deliversTheLastWillWhenADeviceConnectionDiesWithoutDisconnect() throws Exception {
        EmbeddedBroker broker = shared;
        BlockingQueue<MqttMessage> presence = new LinkedBlockingQueue<>();
        MqttAsyncClient console = connect(broker, "console-will", options -> { }, presence::add);
        console.subscribe("fleetdeck/v1/pi-will/presence", 1).waitForCompletion(WAIT_MS);
        NoDelaySocketFactory deviceSockets = new NoDelaySocketFactory();
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(true);
        connect(broker, "pi-will", options -> {
            options.setSocketFactory(deviceSockets);
            options.setWill("fleetdeck/v1/pi-will/presence", will);
        });

        deviceSockets.severAll();
        MqttMessage delivered = presence.poll(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(delivered).isNotNull();
        assertThat(new String(delivered.getPayload(), StandardCharsets.UTF_8)).isEqualTo("offline");
    }

    @Test
    void refusesASecondBrokerOnATakenPortNamingAddressAndPort() {
        EmbeddedBroker first = start(BrokerSettings.loopback(dir.resolve("first")).withPort(0));

        assertThatThrownBy(() -> start(BrokerSettings.loopback(dir.resolve("second")).withPort(first.port())))
                .isInstanceOfSatisfying(BrokerStartException.class, e -> {
                    assertThat(e.port()).isEqualTo(first.port());
                    assertThat(e.bindAddress()).isEqualTo("127.0.0.1");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + first.port());
                });
        assertThat(first.endpoint().url()).isNotEmpty();
    }

    @Test
    void refusesAHostNameAsBindAddress() {
        assertThatThrownBy(() -> start(BrokerSettings.loopback(dir).withBindAddress("localhost").withPort(0)))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("IP address");
    }

    @Test
    void deliversEveryMessageOfABurstOfQos1Publishes() throws Exception {
        int count = 20_000;
        EmbeddedBroker broker = shared;
        BitSet seen = new BitSet(count);
        CountDownLatch all = new CountDownLatch(count);
        MqttAsyncClient console = connect(broker, "console-burst", options -> { }, message -> {
            int id = ByteBuffer.wrap(message.getPayload()).getInt();
            synchronized (seen) {
                if (!seen.get(id)) {
                    seen.set(id);
                    all.countDown();
                }
            }
        });
        console.subscribe("fleetdeck/v1/pi-burst/telemetry", 1).waitForCompletion(WAIT_MS);
        MqttAsyncClient device = connect(broker, "pi-burst", options -> { });
        Semaphore window = new Semaphore(500);

        long start = System.nanoTime();
        for (int id = 0; id < count; id++) {
            byte[] payload = ByteBuffer.allocate(16).putInt(id).array();
            window.acquire();
            publishRetryingWhileWindowFull(device, payload, window);
        }
        boolean arrived = all.await(60, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        log.info("{} QoS 1 messages end to end in {} ms ({} msg/s)", count, elapsedMs,
                elapsedMs == 0 ? "-" : count * 1000L / elapsedMs);

        assertThat(arrived).as("all %d messages arrived, missing %d", count, all.getCount()).isTrue();
        assertThat(seen.cardinality()).isEqualTo(count);
    }

    private static void publishRetryingWhileWindowFull(MqttAsyncClient device, byte[] payload, Semaphore window)
            throws MqttException, InterruptedException {
        while (true) {
            try {
                device.publish("fleetdeck/v1/pi-burst/telemetry", payload, 1, false, null,
                        new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                window.release();
                            }
                        });
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != TOO_MANY_PUBLISHES_IN_PROGRESS) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    private EmbeddedBroker start(BrokerSettings settings) {
        EmbeddedBroker broker = EmbeddedBroker.start(settings);
        cleanup.add(broker);
        return broker;
    }

    private MqttAsyncClient connect(EmbeddedBroker broker, String clientId, Consumer<MqttConnectionOptions> tune)
            throws MqttException {
        return connect(broker, clientId, tune, message -> { });
    }

    /**
     * Messages go through the client callback: Paho 1.2.5's per-subscription listener fails with
     * IndexOutOfBoundsException unless a subscription identifier is set.
     */
    private MqttAsyncClient connect(EmbeddedBroker broker, String clientId, Consumer<MqttConnectionOptions> tune,
                                    Consumer<MqttMessage> sink) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.endpoint().url(), clientId, new MemoryPersistence());
        client.setCallback(MessageCallback.of((topic, message) -> sink.accept(message)));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        options.setSocketFactory(new NoDelaySocketFactory());
        tune.accept(options);
        client.connect(options).waitForCompletion(WAIT_MS);
        cleanup.add(() -> {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MS);
            }
            client.close(true);
        });
        return client;
    }
}
