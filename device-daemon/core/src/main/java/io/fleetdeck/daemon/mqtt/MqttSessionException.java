package io.fleetdeck.daemon.mqtt;

import io.fleetdeck.model.DeviceId;

/** A device's MQTT session could not be set up; names the device and the broker URL. */
public final class MqttSessionException extends Exception {
    private final DeviceId device;
    private final String brokerUrl;

    public MqttSessionException(DeviceId device, String brokerUrl, String detail, Throwable cause) {
        super(device + " at " + brokerUrl + ": " + detail + (cause != null ? ": " + cause.getMessage() : ""), cause);
        this.device = device;
        this.brokerUrl = brokerUrl;
    }

    public DeviceId device() {
        return device;
    }

    public String brokerUrl() {
        return brokerUrl;
    }
}
