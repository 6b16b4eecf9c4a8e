package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.nio.file.Path;

/** A written slot image that does not fit the card's layout, so the bootloader must not be pointed at it. */
public final class TrybootImageException extends IOException {
    private final Slot slot;
    private final Path device;

    public TrybootImageException(Slot slot, Path device, String detail) {
        super("slot " + slot + " (" + device + "): " + detail);
        this.slot = slot;
        this.device = device;
    }

    public Slot slot() {
        return slot;
    }

    public Path device() {
        return device;
    }
}
