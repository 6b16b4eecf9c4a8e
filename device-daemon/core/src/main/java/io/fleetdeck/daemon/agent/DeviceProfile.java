package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.Slot;

import java.util.List;
import java.util.Objects;

/**
 * What a device says about itself in {@code info}, apart from its sensors and start time.
 *
 * @param model           e.g. {@code Raspberry Pi 4 Model B Rev 1.4}, or {@code simulated}
 * @param serial          board serial, empty when unknown
 * @param hostname        host name
 * @param firmwareVersion running firmware image version
 * @param activeSlot      A/B slot booted from
 * @param capabilities    optional features, e.g. {@code gpio}, {@code identify}
 * @param tags            default tags from the config ({@code device.tags}), announced in {@code info}
 */
public record DeviceProfile(String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                            List<String> capabilities, List<String> tags) {
    public DeviceProfile {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(activeSlot, "activeSlot");
        capabilities = List.copyOf(capabilities);
        tags = List.copyOf(tags);
    }

    /** A profile without tags. */
    public DeviceProfile(String model, String serial, String hostname, String firmwareVersion, Slot activeSlot,
                         List<String> capabilities) {
        this(model, serial, hostname, firmwareVersion, activeSlot, capabilities, List.of());
    }
}
