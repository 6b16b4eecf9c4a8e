package io.fleetdeck.bench;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.TelemetryEncoding;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the saturation phase: as fast as the broker acknowledges, {@code --connections} MQTT sessions
 * each publish pre-encoded telemetry batches for their share of {@code --devices} ids at QoS 1, each through a
 * bounded in-flight window (Paho throws 32202 past its own; we wait instead). {@code --encoding json|compact}
 * (default json) picks the batches' encoding; compact ones carry their content type, as a daemon's do. Reports
 * acknowledged counts as {@code @ acked MESSAGES READINGS} twice a second and a final {@code @ total} line, then exits.
 */
public final class FastPublisher {
    private final AtomicLong ackedMessages = new AtomicLong();
    private final AtomicLong ackedReadings = new AtomicLong();
    private final AtomicLong windowFullRetries = new AtomicLong();
    private volatile boolean running = true;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        new FastPublisher().run(args.text("broker"), args.text("prefix"), args.integer("devices"),
                args.integer("connections"), args.integer("batch"), args.integer("window"), args.integer("seconds"),
                TelemetryEncoding.ofToken(args.text("encoding", "json")));
    }

    private void run(String broker, String prefix, int devices, int connections, int batch, int window, int seconds,
                     TelemetryEncoding encoding) throws Exception {
        TelemetryTemplate template = new TelemetryTemplate(batch, 42, encoding);
        List<MqttAsyncClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            MqttAsyncClient client = PublisherSessions.connect(broker, prefix + "-pub-" + c);
            clients.add(client);
            List<DeviceId> mine = new ArrayList<>();
            for (int d = c; d < devices; d += connections) {
                DeviceId id = DeviceId.of(String.format("%s-%04d", prefix, d + 1));
                PublisherSessions.announce(client, id);
                mine.add(id);
            }
            threads.add(Thread.ofPlatform().name("publish-" + c).start(() -> publishLoop(client, mine, template,
                    window)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            ResultLines.put("acked", ackedMessages.get() + " " + ackedReadings.get());
        }
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        ResultLines.put("total", ackedMessages.get() + " " + ackedReadings.get());
        ResultLines.put("window-full-retries", windowFullRetries.get());
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(2_000);
            client.close();
        }
    }


    private void publishLoop(MqttAsyncClient client, List<DeviceId> devices, TelemetryTemplate template,
                             int window) {
        Semaphore inFlight = new Semaphore(window);
        String[] topics = devices.stream().map(Topics::telemetry).toArray(String[]::new);
        long[] nextTs = new long[devices.size()];
        long[] seq = new long[devices.size()];
        java.util.Arrays.fill(nextTs, System.currentTimeMillis());
        MqttActionListener acked = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                ackedMessages.incrementAndGet();
                ackedReadings.addAndGet(template.readings());
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                inFlight.release();
            }
        };
        int device = 0;
        try {
            while (running) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                byte[] payload = template.payload(seq[device]++, nextTs[device]);
                nextTs[device] += template.timestampsPerBatch();
                publishWithRetry(client, topics[device], payload, template.encoding(), acked, inFlight);
                device = (device + 1) % topics.length;
            }
            // Drain: the final count should hold only acknowledged batches, and all of them.
            inFlight.tryAcquire(window, 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MqttMessage compactMessage(byte[] payload) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(TelemetryEncoding.COMPACT.contentType());
        return new MqttMessage(payload, 1, false, properties);
    }

    private void publishWithRetry(MqttAsyncClient client, String topic, byte[] payload, TelemetryEncoding encoding,
                                  MqttActionListener acked, Semaphore inFlight) throws InterruptedException {
        while (true) {
            try {
                if (encoding == TelemetryEncoding.JSON) {
                    client.publish(topic, payload, 1, false, null, acked);
                } else {
                    client.publish(topic, compactMessage(payload), null, acked);
                }
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    windowFullRetries.incrementAndGet();
                    Thread.sleep(1);
                    continue;
                }
                inFlight.release();
                throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
            }
        }
    }
}
