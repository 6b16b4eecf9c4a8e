package io.fleetdeck.console.history.chunk;

/** Readings that no chunk encoding accepts: timestamps not strictly increasing, or a value that is not finite. */
public final class ChunkEncodingException extends RuntimeException {
    public ChunkEncodingException(String message) {
        super(message);
    }
}
