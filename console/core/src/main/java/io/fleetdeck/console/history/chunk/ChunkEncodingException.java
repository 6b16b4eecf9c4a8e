package io.fleetdeck.console.history.chunk;

/**
 * A chunk could not be encoded (input the history must not store: NaN, unordered timestamps, …) or decoded (a
 * truncated or damaged blob, or arrays too short for it). Carries what was being done and why it failed.
 */
public final class ChunkEncodingException extends RuntimeException {
    private final String what;
    private final String reason;

    public ChunkEncodingException(String what, String reason) {
        super("cannot " + what + ": " + reason);
        this.what = what;
        this.reason = reason;
    }

    /** A blob that cannot be decoded: truncated, garbled, or not a chunk. */
    static ChunkEncodingException damaged(byte[] blob, String reason) {
        return new ChunkEncodingException("decode a chunk blob of " + blob.length + " bytes", reason);
    }

    /** What was being done, e.g. {@code encode a chunk of 120 readings} or {@code decode a chunk blob of 96 bytes}. */
    public String what() {
        return what;
    }

    /** Why it failed, e.g. {@code value 7 is NaN; the history stores only finite values}. */
    public String reason() {
        return reason;
    }
}
