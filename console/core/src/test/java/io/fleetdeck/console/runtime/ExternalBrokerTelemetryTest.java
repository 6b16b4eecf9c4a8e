package io.fleetdeck.console.runtime;

import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an external broker the console's telemetry comes on its own connection ({@code TelemetrySession}), once, even
 * when the broker still keeps the telemetry subscription an earlier console left in the window's session.
 */
class ExternalBrokerTelemetryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DeviceId PI = DeviceId.of("pi-ext");

    @Test
    void telemetryArrivesOnceAndIsStored(@TempDir Path data, @TempDir Path brokerDir) throws Exception {
        try (MosquittoBroker mosquitto = new MosquittoBroker(brokerDir).start()) {
            // An earlier console: telemetry in the window's own kept session.
            String clientId = "fleetdeck-" + ConsoleIdentity.load(data);
            try (FleetSubscriber earlier = new FleetSubscriber(mosquitto.url(), clientId,
                    (topic, payload) -> { }, Clock.systemUTC())) {
                earlier.start();
                Poll.until("the earlier console subscribed", WAIT, earlier::subscribed);
            }

            try (ConsoleServices services = ConsoleServices.builder(data).externalBroker(mosquitto.url())
                    .imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build()) {
                Poll.until("connected and subscribed", WAIT, () -> services.subscribed()
                        && services.connection().state() == ConnectionStatus.State.CONNECTED);
                // The leftover is unsubscribed right after the session's CONNACK; give the broker a moment for it.
                Thread.sleep(500);

                PayloadCodec codec = new PayloadCodec();
                MqttAsyncClient device = new MqttAsyncClient(mosquitto.url(), PI.value(), new MemoryPersistence());
                device.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
                long now = System.currentTimeMillis();
                for (int i = 0; i < 20; i++) {
                    TelemetryBatch batch = new TelemetryBatch(i, List.of(new Reading("temperature", now + i, 20 + i)));
                    MqttMessage message = new MqttMessage(codec.encode(batch));
                    message.setQos(1);
                    device.publish(Topics.telemetry(PI), message).waitForCompletion(10_000);
                }
                device.disconnect().waitForCompletion(5_000);
                device.close();

                Poll.until("20 readings committed", WAIT,
                        () -> services.history().orElseThrow().health().committedReadings() == 20);
                Thread.sleep(500);
                assertThat(services.ingest().messages()).as("each batch once, not again through the old session")
                        .isEqualTo(20);
                assertThat(services.history().orElseThrow().history(PI, "temperature", now - 1, now + 100, 100))
                        .hasSize(20);
            }
        }
    }
}
