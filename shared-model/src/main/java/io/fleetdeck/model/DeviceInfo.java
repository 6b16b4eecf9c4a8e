package io.fleetdeck.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The retained description a device publishes on {@code fleetdeck/v1/<id>/info} at every (re)connect.
 *
 * @param v               protocol version, always {@link ProtocolVersion#CURRENT} when encoded here
 * @param model           hardware model, e.g. {@code Raspberry Pi 4 Model B Rev 1.4}, or {@code simulated}
 * @param serial          the board serial, or empty when unknown
 * @param hostname        the device's host name
 * @param firmwareVersion version of the running firmware image
 * @param activeSlot      the A/B slot it booted from
 * @param sensors         its sensors; ids unique
 * @param capabilities    optional features it supports, e.g. {@code ota}, {@code gpio}
 * @param startedAt       epoch ms when the daemon started, so a restart is visible
 */
public record DeviceInfo(int v, String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                         List<SensorDescriptor> sensors, List<String> capabilities, long startedAt) {
    public DeviceInfo {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(activeSlot, "activeSlot");
        Payloads.requireLength("model", model, 128);
        Payloads.requireLength("serial", serial, 64);
        Payloads.requireLength("hostname", hostname, 253);
        Payloads.requireLength("firmwareVersion", firmwareVersion, 64);
        sensors = List.copyOf(Objects.requireNonNull(sensors, "sensors"));
        capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
        if (sensors.size() > 64) {
            throw new IllegalArgumentException("more than 64 sensors: " + sensors.size());
        }
        Set<String> ids = new HashSet<>();
        for (SensorDescriptor sensor : sensors) {
            if (!ids.add(sensor.id())) {
                throw new IllegalArgumentException("duplicate sensor id " + Identifiers.quote(sensor.id()));
            }
        }
        for (String capability : capabilities) {
            Identifiers.requireCommandName(capability);
        }
    }

    public DeviceInfo(String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                      List<SensorDescriptor> sensors, List<String> capabilities, long startedAt) {
        this(ProtocolVersion.CURRENT, model, serial, hostname, firmwareVersion, activeSlot, sensors, capabilities,
                startedAt);
    }

    /** The descriptor of a sensor, or null when the device did not announce it. */
    public SensorDescriptor sensor(String id) {
        for (SensorDescriptor sensor : sensors) {
            if (sensor.id().equals(id)) {
                return sensor;
            }
        }
        return null;
    }
}
