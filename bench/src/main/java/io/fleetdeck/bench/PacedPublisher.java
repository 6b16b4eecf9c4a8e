package io.fleetdeck.bench;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Load generator for the kill phase: {@code --rate} readings per second of pre-encoded telemetry batches at QoS 1
 * over one session, spread over {@code --devices} ids, until {@code stop} arrives on stdin (or {@code --seconds}
 * pass). Unlike the daemon's simulator, every reading has its own (device, sensor, timestamp): a device's timestamps
 * only ever grow, so the recount can compare readings acknowledged with distinct readings stored, one for one.
 * Reports {@code @ acked MESSAGES READINGS} twice a second and, once every batch in flight is acknowledged (or
 * failed), {@code @ total MESSAGES READINGS}.
 */
public final class PacedPublisher {
    private static final int BATCH = 100;
    private static final int WINDOW = 64;

    private final AtomicLong ackedMessages = new AtomicLong();
    private final AtomicLong ackedReadings = new AtomicLong();
    private final AtomicLong failedMessages = new AtomicLong();
    private volatile boolean running = true;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        new PacedPublisher().run(args.text("broker"), args.text("prefix"), args.integer("devices"),
                args.integer("rate"), args.integer("seconds"));
    }

    private void run(String broker, String prefix, int devices, int rate, int seconds) throws Exception {
        TelemetryTemplate template = new TelemetryTemplate(BATCH, 43);
        MqttAsyncClient client = PublisherSessions.connect(broker, prefix + "-paced");
        // The ids the console probe follows with its chart buffers.
        List<DeviceId> ids = IntStream.rangeClosed(1, devices)
                .mapToObj(i -> DeviceId.of(String.format("%s-%04d", prefix, i))).toList();
        for (DeviceId id : ids) {
            PublisherSessions.announce(client, id);
        }
        Thread.ofPlatform().daemon().name("stop-on-stdin").start(this::stopOnStdin);
        Thread publisher = Thread.ofPlatform().name("publish").start(() -> publishLoop(client, ids, template, rate));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ResultLines.put("acked", ackedMessages.get() + " " + ackedReadings.get());
        }
        running = false;
        publisher.join(40_000);
        ResultLines.put("failed", failedMessages.get());
        ResultLines.put("total", ackedMessages.get() + " " + ackedReadings.get());
        client.disconnect().waitForCompletion(2_000);
        client.close();
    }

    private void stopOnStdin() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
                // Only "stop" means anything.
            }
        } catch (IOException e) {
            // The runner went away: stop as if told to.
        }
        running = false;
    }


    private void publishLoop(MqttAsyncClient client, List<DeviceId> devices, TelemetryTemplate template, int rate) {
        Semaphore inFlight = new Semaphore(WINDOW);
        String[] topics = devices.stream().map(Topics::telemetry).toArray(String[]::new);
        long[] nextTs = new long[devices.size()];
        long[] seq = new long[devices.size()];
        MqttActionListener acked = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                ackedMessages.incrementAndGet();
                ackedReadings.addAndGet(template.readings());
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                failedMessages.incrementAndGet();
                inFlight.release();
            }
        };
        long nanosPerBatch = TimeUnit.SECONDS.toNanos(1) * template.readings() / rate;
        long start = System.nanoTime();
        long sent = 0;
        int device = 0;
        try {
            while (running) {
                long due = start + sent * nanosPerBatch;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000));
                    continue;
                }
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                // Near the wall clock, as a device stamps its samples, yet never reused within a device.
                long firstTs = Math.max(nextTs[device], System.currentTimeMillis());
                nextTs[device] = firstTs + template.timestampsPerBatch();
                byte[] payload = template.payload(seq[device]++, firstTs);
                publish(client, topics[device], payload, acked, inFlight);
                sent++;
                device = (device + 1) % topics.length;
            }
            // The total must hold every acknowledged batch: wait until nothing is in flight.
            inFlight.tryAcquire(WINDOW, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // A failed publish ends the loop; the main thread then reports what was acknowledged.
            running = false;
        }
    }

    private static void publish(MqttAsyncClient client, String topic, byte[] payload, MqttActionListener acked,
                                Semaphore inFlight) throws InterruptedException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false, null, acked);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    Thread.sleep(1);
                    continue;
                }
                inFlight.release();
                throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
            }
        }
    }
}
