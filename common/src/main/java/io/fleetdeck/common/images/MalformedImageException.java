package io.fleetdeck.common.images;

import java.io.IOException;

/** Raised inside the decompression chain for an archive that breaks our rules, as opposed to a broken connection. */
public final class MalformedImageException extends IOException {
    public MalformedImageException(String message) {
        super(message);
    }
}
