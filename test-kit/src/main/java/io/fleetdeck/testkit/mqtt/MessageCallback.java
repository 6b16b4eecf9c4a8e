package io.fleetdeck.testkit.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.function.Consumer;

/**
 * A Paho v5 callback for test clients that only care about arriving messages (and perhaps the disconnect): Paho's
 * interface has six methods, and every fixture used to spell out the five it ignores.
 */
public final class MessageCallback implements MqttCallback {
    /** What a test does with one arriving message; runs on Paho's callback thread. */
    @FunctionalInterface
    public interface Handler {
        void arrived(String topic, MqttMessage message) throws Exception;
    }

    private final Handler handler;
    private final Consumer<MqttDisconnectResponse> onDisconnect;

    private MessageCallback(Handler handler, Consumer<MqttDisconnectResponse> onDisconnect) {
        this.handler = handler;
        this.onDisconnect = onDisconnect;
    }

    public static MqttCallback of(Handler handler) {
        return new MessageCallback(handler, response -> { });
    }

    public static MqttCallback of(Handler handler, Consumer<MqttDisconnectResponse> onDisconnect) {
        return new MessageCallback(handler, onDisconnect);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        handler.arrived(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        onDisconnect.accept(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        // Paho reports errors again through the tokens the fixtures wait on.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Fixtures wait on the publish token itself.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // Fixtures connect synchronously and know when they are connected.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication in tests.
    }
}
