package io.fleetdeck.daemon.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;

/** Log text for Paho failures: Paho's message alone rarely says which reason code or socket error was behind it. */
final class MqttErrors {
    private MqttErrors() {
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof MqttException mqtt) {
            text.append(" [reason ").append(mqtt.getReasonCode()).append(']');
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            text.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        }
        return text.toString();
    }
}
