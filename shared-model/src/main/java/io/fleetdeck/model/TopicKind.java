package io.fleetdeck.model;

/** The kinds of topic under a device's root {@code fleetdeck/v1/<deviceId>/}. */
public enum TopicKind {
    /** Retained description of the device: model, firmware, sensors. */
    INFO("info"),
    /** Retained presence: {@code online} birth, {@code offline} as the MQTT v5 will. */
    STATUS("status"),
    /** A batch of sensor readings. */
    TELEMETRY("telemetry"),
    /** A request to the device, {@code cmd/<name>}, answered on the MQTT v5 response topic. */
    COMMAND("cmd"),
    /** Something the device wants the operator to know: sensor faults, restarts. */
    EVENTS("events"),
    /** Retained progress of the device's current or last firmware install. */
    INSTALL("install"),
    /** Retained pins the device exposes and their levels ({@link GpioState}), republished on every change. */
    GPIO("gpio");

    private final String segment;

    TopicKind(String segment) {
        this.segment = segment;
    }

    public String segment() {
        return segment;
    }
}
