package io.fleetdeck.console.trust;

import io.fleetdeck.model.DeviceId;

/** A device could not be adopted; the message says why in the operator's terms. */
public final class AdoptionException extends RuntimeException {
    private final DeviceId device;

    public AdoptionException(DeviceId device, String reason) {
        super("cannot adopt " + device + ": " + reason);
        this.device = device;
    }

    public DeviceId device() {
        return device;
    }
}
