package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.InstallFailure;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An image install that was refused or failed, with the reason code the device reports back (the protocol's
 * {@link InstallFailure}) and the context a technician needs: the byte offset it happened at, the HTTP status, the
 * expected and actual hash. The active slot is untouched.
 */
public final class InstallException extends Exception {
    private final InstallFailure reason;
    private final long offset;
    private final int httpStatus;
    private final String expected;
    private final String actual;

    private InstallException(InstallFailure reason, String detail, long offset, int httpStatus, String expected,
                             String actual, Throwable cause) {
        super("install failed (" + reason + "): " + detail, cause);
        this.reason = reason;
        this.offset = offset;
        this.httpStatus = httpStatus;
        this.expected = expected;
        this.actual = actual;
    }

    static InstallException of(InstallFailure reason, String detail) {
        return new InstallException(reason, detail, -1, -1, null, null, null);
    }

    static InstallException at(InstallFailure reason, long offset, String detail, Throwable cause) {
        return new InstallException(reason, detail + " at byte " + offset, offset, -1, null, null, cause);
    }

    static InstallException httpStatus(int status, long offset, String detail) {
        return new InstallException(InstallFailure.DOWNLOAD_FAILED,
                detail + " (HTTP " + status + " at byte " + offset + ")", offset, status, null, null, null);
    }

    static InstallException hashMismatch(String expected, String actual, long size) {
        return new InstallException(InstallFailure.HASH_MISMATCH,
                "expected SHA-256 " + expected + ", read back " + actual + " over " + size + " bytes",
                size, -1, expected, actual, null);
    }

    /** A slot could not be read or written; a full disk gets its own code, as the cure is to free space. */
    static InstallException slotFailure(IOException e, long offset) {
        boolean full = String.valueOf(e.getMessage()).contains("No space left");
        return at(full ? InstallFailure.NO_SPACE : InstallFailure.SLOT_IO_FAILED, Math.max(offset, 0),
                "slot: " + e.getMessage(), e);
    }

    public InstallFailure reason() {
        return reason;
    }

    /** The byte offset the failure happened at: raw bytes for slot writes, compressed bytes for downloads. */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The SHA-256 the manifest promised, for {@link InstallFailure#HASH_MISMATCH}. */
    public Optional<String> expectedSha256() {
        return Optional.ofNullable(expected);
    }

    /** The SHA-256 of what was read back, for {@link InstallFailure#HASH_MISMATCH}. */
    public Optional<String> actualSha256() {
        return Optional.ofNullable(actual);
    }
}
