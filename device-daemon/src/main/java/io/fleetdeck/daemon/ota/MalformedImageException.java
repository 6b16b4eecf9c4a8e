package io.fleetdeck.daemon.ota;

import java.io.IOException;

/** Raised inside the decompression chain for an archive that breaks our rules, as opposed to a broken connection. */
final class MalformedImageException extends IOException {
    MalformedImageException(String message) {
        super(message);
    }
}
