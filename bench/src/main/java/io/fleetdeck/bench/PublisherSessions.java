package io.fleetdeck.bench;

import io.fleetdeck.common.mqtt.NoDelaySocketFactory;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.List;

/** The load generators' MQTT sessions: connected as a bench device would be, and announced like one. */
final class PublisherSessions {
    private PublisherSessions() {
    }

    static MqttAsyncClient connect(String broker, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    /** Retained info, as a real device sends, so the console checks each reading's sensor against it. */
    static void announce(MqttAsyncClient client, DeviceId id) throws MqttException {
        List<SensorDescriptor> sensors = TelemetryTemplate.SENSORS.stream()
                .map(s -> new SensorDescriptor(s, "temperature", "°C", s, 10)).toList();
        DeviceInfo info = new DeviceInfo("bench", "", id.value(), "bench-1", Slot.A, sensors, List.of(),
                System.currentTimeMillis());
        client.publish(Topics.info(id), new PayloadCodec().encode(info), 1, true).waitForCompletion(5_000);
    }
}
