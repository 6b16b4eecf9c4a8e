package io.fleetdeck.daemon.ota;

import java.io.IOException;

/**
 * A failure of the connection, told apart from a corrupt archive even after it passes through a decompressor: the
 * first is worth another request, the second is not.
 */
final class TransportException extends IOException {
    TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
