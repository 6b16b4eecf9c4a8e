package io.fleetdeck.daemon.ota;

import java.io.IOException;

/**
 * The server sent, or announced, more of the file than the install allows ({@link InstallRequest#maxServedBytes()}).
 * An {@link IOException} so it passes through the decompressors reading the body; the install turns it into
 * {@code TOO_LARGE}, never into a retry.
 */
final class OversizedDownloadException extends IOException {
    private final long bytes;
    private final long limit;

    OversizedDownloadException(long bytes, long limit) {
        super("the server sent " + bytes + " bytes of the file where at most " + limit + " may come");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** How many bytes had come (or were announced) when the limit was passed. */
    long bytes() {
        return bytes;
    }

    long limit() {
        return limit;
    }
}
