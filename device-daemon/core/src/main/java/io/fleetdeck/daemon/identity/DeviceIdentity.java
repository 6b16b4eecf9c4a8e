package io.fleetdeck.daemon.identity;

import io.fleetdeck.model.DeviceId;

import java.util.Objects;

/**
 * Who this device is and how that was decided.
 *
 * @param id     the validated device id
 * @param serial the board serial, empty when unknown
 * @param model  the board model, {@code unknown} when the kernel does not say
 * @param source where the id came from
 */
public record DeviceIdentity(DeviceId id, String serial, String model, Source source) {
    /** Where an id came from, strongest first. */
    public enum Source { CONFIG, CPU_SERIAL, STATE_FILE, GENERATED }

    public DeviceIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
    }
}
