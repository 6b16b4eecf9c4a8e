package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.Topics;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A device publishing QoS 1 telemetry payloads, each send waiting for its PUBACK. It connects as a new device would:
 * its id as client id and user name, no password (a broker without access control ignores the name).
 */
final class TelemetryPublisher implements AutoCloseable {
    private final DeviceId device;
    private final MqttAsyncClient client;

    TelemetryPublisher(String url, DeviceId device) throws Exception {
        this.device = device;
        client = new MqttAsyncClient(url, device.value(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(device.value());
        client.connect(options).waitForCompletion(10_000);
    }

    void send(byte[] payload) throws Exception {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        client.publish(Topics.telemetry(device), message).waitForCompletion(10_000);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
