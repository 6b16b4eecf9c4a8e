package io.fleetdeck.console.mqtt;

import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;
import org.junit.jupiter.api.AfterEach;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's session acknowledges a message only when its sink says so: until then the broker counts it against
 * the receive maximum (backpressure) and redelivers it to the next session with the same client id (a console that
 * died before committing loses nothing). Real HiveMQ, real Paho on both sides.
 */
class AcknowledgeAfterCommitTest {
    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    private static final DeviceId PI = DeviceId.of("pi-ack");
    private static MosquittoBroker mosquitto;
    private String url;

    @BeforeAll
    static void startMosquitto(@TempDir Path dir) throws Exception {
        mosquitto = new MosquittoBroker(dir).start();
    }

    @AfterAll
    static void stopMosquitto() {
        mosquitto.close();
    }

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    /**
     * Mosquitto only: HiveMQ keeps one unacknowledged message per topic in flight (ordered topics), so with one device
     * it would stop after one message, not at the receive maximum. The embedded broker hands telemetry to the console
     * without this session (see {@code TelemetryIntake}).
     */
    @Test
    void unacknowledgedMessagesStopTheBrokerAtTheReceiveMaximum() throws Exception {
        url = mosquitto.url();
        Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        FleetSubscriber console = console("fleetdeck-ack-1", (topic, payload, ack) -> held.add(ack));
        publish(FleetSubscriber.RECEIVE_MAXIMUM + 200);

        await(() -> held.size() >= FleetSubscriber.RECEIVE_MAXIMUM);
        Thread.sleep(500);
        assertThat(held).as("the broker sends no more than the receive maximum without PUBACKs")
                .hasSize(FleetSubscriber.RECEIVE_MAXIMUM);

        List<Runnable> first = List.copyOf(held);
        held.clear();
        first.forEach(Runnable::run);
        await(() -> held.size() == 200);
        held.forEach(Runnable::run);
        assertThat(console.staleAcknowledgements()).isZero();
    }

    @Test
    void aMessageNotAcknowledgedIsRedeliveredByHiveMqToo() throws Exception {
        url = broker.url();
        Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        FleetSubscriber first = console("fleetdeck-ack-3", (topic, payload, ack) -> held.add(ack));
        publish(1);
        await(() -> held.size() == 1);
        first.close();
        open.remove(first);

        Queue<String> again = new ConcurrentLinkedQueue<>();
        console("fleetdeck-ack-3", (topic, payload, ack) -> {
            again.add(new String(payload, StandardCharsets.UTF_8));
            ack.run();
        });
        await(() -> again.size() == 1);
        assertThat(again).containsExactly("m0");
    }

    @Test
    void messagesNotAcknowledgedBeforeTheConsoleWentAwayAreRedelivered() throws Exception {
        url = mosquitto.url();
        Set<String> firstSession = ConcurrentHashMap.newKeySet();
        Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        FleetSubscriber first = console("fleetdeck-ack-2", (topic, payload, ack) -> {
            String body = new String(payload, StandardCharsets.UTF_8);
            firstSession.add(body);
            if (body.endsWith("-even")) {
                ack.run();
            } else {
                held.add(ack);
            }
        });
        publishNumbered(40);
        await(() -> firstSession.size() == 40);
        first.close();
        open.remove(first);

        Set<String> secondSession = ConcurrentHashMap.newKeySet();
        console("fleetdeck-ack-2", (topic, payload, ack) -> {
            secondSession.add(new String(payload, StandardCharsets.UTF_8));
            ack.run();
        });
        await(() -> secondSession.size() == 20);
        Thread.sleep(300);
        assertThat(secondSession).as("exactly the messages the first session never acknowledged")
                .hasSize(20).allMatch(body -> body.endsWith("-odd"));
        held.forEach(Runnable::run);
    }

    private FleetSubscriber console(String clientId, MessageSink sink) throws Exception {
        FleetSubscriber subscriber = new FleetSubscriber(url, clientId, List.of(Topics.ALL_TELEMETRY), true,
                sink, Clock.systemUTC());
        open.add(subscriber);
        subscriber.start();
        await(subscriber::subscribed);
        return subscriber;
    }

    private void publish(int count) throws Exception {
        try (TelemetryPublisher publisher = new TelemetryPublisher(url, PI)) {
            for (int i = 0; i < count; i++) {
                publisher.send(("m" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void publishNumbered(int count) throws Exception {
        try (TelemetryPublisher publisher = new TelemetryPublisher(url, PI)) {
            for (int i = 0; i < count; i++) {
                publisher.send(("m" + i + (i % 2 == 0 ? "-even" : "-odd")).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
