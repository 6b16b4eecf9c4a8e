package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

import static io.fleetdeck.daemon.mqtt.MqttErrors.describe;

/**
 * Routes what Paho reports on its callback thread: a dropped connection to the connection, a message to the control
 * channel. Deliveries are settled by each publish's own listener or token, so the rest is ignored.
 */
final class PahoCallbacks implements MqttCallback {
    private static final Logger log = LoggerFactory.getLogger(PahoCallbacks.class);

    private final DeviceId device;
    private final SessionConnection connection;
    private final ControlChannel control;

    PahoCallbacks(DeviceId device, SessionConnection connection, ControlChannel control) {
        this.device = Objects.requireNonNull(device, "device");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.control = Objects.requireNonNull(control, "control");
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        String why = response.getException() != null ? describe(response.getException())
                : "broker sent DISCONNECT, reason " + response.getReturnCode();
        connection.lost(why);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("{}: MQTT error: {}", device, describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        control.arrived(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
