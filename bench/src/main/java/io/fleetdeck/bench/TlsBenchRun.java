package io.fleetdeck.bench;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.common.mqtt.NoDelaySslSocketFactory;
import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.console.broker.BrokerSettings;
import io.fleetdeck.console.broker.BrokerTls;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.tls.ServerNames;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import io.fleetdeck.testkit.mqtt.MessageCallback;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * One mode of the TLS benchmark in this JVM: the console's embedded HiveMQ as {@code ConsoleServices} starts it (with
 * or without {@link BrokerTls}), {@code publishers} device sessions publishing 100-reading telemetry batches at QoS 1
 * through a window of 64 each, the console's subscriber (on the plain loopback listener, as the console wires it),
 * and then {@code fanout} more subscribers that connect where devices do ({@code ssl://} with TLS on).
 */
final class TlsBenchRun implements AutoCloseable {
    private static final int WINDOW = 64;
    private static final String FILTER = "fleetdeck/v1/+/telemetry";

    private final EmbeddedBroker broker;
    private final SocketFactory deviceSockets;
    private final TelemetryTemplate template = new TelemetryTemplate(100, 42);
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Thread> publishers = new ArrayList<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong console = new AtomicLong();
    private final AtomicLong fanout = new AtomicLong();
    private volatile boolean running = true;

    TlsBenchRun(Path data, boolean tls) {
        BrokerSettings settings = BrokerSettings.loopback(data).withPort(0);
        if (tls) {
            ConsoleTls material = ConsoleTls.open(data, ServerNames.forBindAddress("127.0.0.1"), Clock.systemUTC());
            broker = EmbeddedBroker.start(settings, new BrokerTls(material, 0));
            deviceSockets = new NoDelaySslSocketFactory(
                    CaTrust.context(material.caCertificateFile()).getSocketFactory(), new NoDelaySocketFactory());
        } else {
            broker = EmbeddedBroker.start(settings);
            deviceSockets = new NoDelaySocketFactory();
        }
    }

    String deviceUrl() {
        return broker.endpoint().url();
    }

    /** The console's session: every device's telemetry, on the loopback listener. */
    void startConsole() throws MqttException {
        subscribe(broker.localEndpoint().url(), "console", new NoDelaySocketFactory(), console);
    }

    void startFanout(int subscribers) throws MqttException {
        for (int i = 0; i < subscribers; i++) {
            subscribe(deviceUrl(), "fanout-" + i, deviceSockets, fanout);
        }
    }

    void startPublishers(int count) throws MqttException {
        for (int i = 0; i < count; i++) {
            MqttAsyncClient client = connect(deviceUrl(), "bench-" + i, deviceSockets);
            String topic = Topics.telemetry(io.fleetdeck.model.DeviceId.of(String.format("bench-%04d", i + 1)));
            publishers.add(Thread.ofPlatform().name("publish-" + i).start(() -> publishLoop(client, topic)));
        }
    }

    long acked() {
        return acked.get();
    }

    long consoleReceived() {
        return console.get();
    }

    long fanoutReceived() {
        return fanout.get();
    }

    private void subscribe(String url, String id, SocketFactory sockets, AtomicLong counter) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        client.setCallback(MessageCallback.of((topic, message) -> counter.incrementAndGet()));
        clients.add(client);
        MqttConnectionOptions options = options(sockets);
        options.setReceiveMaximum(65_535);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[]{new MqttSubscription(FILTER, 1)}).waitForCompletion(10_000);
    }

    private MqttAsyncClient connect(String url, String id, SocketFactory sockets) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        clients.add(client);
        client.connect(options(sockets)).waitForCompletion(10_000);
        return client;
    }

    private static MqttConnectionOptions options(SocketFactory sockets) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setSocketFactory(sockets);
        return options;
    }

    private void publishLoop(MqttAsyncClient client, String topic) {
        Semaphore inFlight = new Semaphore(WINDOW);
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.incrementAndGet();
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                inFlight.release();
            }
        };
        long seq = 0;
        long ts = System.currentTimeMillis();
        try {
            while (running) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                byte[] payload = template.payload(seq++, ts);
                ts += template.timestampsPerBatch();
                while (true) {
                    try {
                        client.publish(topic, payload, 1, false, null, listener);
                        break;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || !running) {
                            inFlight.release();
                            return;
                        }
                        Thread.sleep(1);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : publishers) {
            thread.join(5_000);
        }
        for (MqttAsyncClient client : clients) {
            try {
                client.disconnectForcibly(0, 1_000, false);
                client.close(true);
            } catch (MqttException e) {
                // the broker stops next; a client that does not close cleanly changes no figure
            }
        }
        broker.close();
    }
}
