package io.fleetdeck.model;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

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
 * @param tags            the device's default tags from its config ({@code device.tags}), at most 16, each an
 *                        {@link Identifiers#TAG}; the console groups devices by them. Left out of the JSON when empty,
 *                        so a device without tags sends what consoles before tags read, and an older device's
 *                        {@code info} without the field reads back with no tags.
 */
public record DeviceInfo(int v, String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                         List<SensorDescriptor> sensors, List<String> capabilities, long startedAt,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY)
                         @JacksonInject(value = DeviceInfo.NO_TAGS, useInput = OptBoolean.TRUE)
                         List<String> tags) {
    /** Id of the value {@link PayloadCodec} injects when the JSON has no {@code tags}: an empty list. */
    static final String NO_TAGS = "fleetdeck.info.tags.absent";
    /** More tags than this is a config mistake, not a description. */
    public static final int MAX_TAGS = 16;

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
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("more than " + MAX_TAGS + " tags: " + tags.size());
        }
        if (new HashSet<>(tags).size() != tags.size()) {
            throw new IllegalArgumentException("duplicate tag in " + tags);
        }
        for (String tag : tags) {
            Identifiers.requireTag(tag);
        }
    }

    /** A description without tags, as every device sent before tags existed. */
    public DeviceInfo(int v, String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                      List<SensorDescriptor> sensors, List<String> capabilities, long startedAt) {
        this(v, model, serial, hostname, firmwareVersion, activeSlot, sensors, capabilities, startedAt, List.of());
    }

    public DeviceInfo(String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                      List<SensorDescriptor> sensors, List<String> capabilities, long startedAt) {
        this(ProtocolVersion.CURRENT, model, serial, hostname, firmwareVersion, activeSlot, sensors, capabilities,
                startedAt, List.of());
    }

    /** The same description carrying {@code defaultTags}. */
    public DeviceInfo withTags(List<String> defaultTags) {
        return new DeviceInfo(v, model, serial, hostname, firmwareVersion, activeSlot, sensors, capabilities,
                startedAt, defaultTags);
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
