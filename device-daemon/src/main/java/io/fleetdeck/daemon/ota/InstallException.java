package io.fleetdeck.daemon.ota;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An image install that was refused or failed, with the reason the device reports back and the context a technician
 * needs: the byte offset it happened at, the HTTP status, the expected and actual hash. The active slot is untouched.
 */
public final class InstallException extends Exception {
    /** Why an install did not complete. */
    public enum Reason {
        /** The manifest was signed by a key this device does not trust. */
        UNKNOWN_KEY,
        /** The signature does not match the manifest: tampered, or signed over other bytes. */
        BAD_SIGNATURE,
        /** The image is not built for this board. */
        WRONG_MODEL,
        /** The image is bigger than the slot, or the stream yields more bytes than the manifest promises. */
        TOO_LARGE,
        /** The stream ended before the manifest's raw size was written, or a compressed stream was cut short. */
        TRUNCATED,
        /** What was written, read back, does not have the manifest's SHA-256. */
        HASH_MISMATCH,
        /** The image server answered with an error status or the connection kept failing. */
        DOWNLOAD_FAILED,
        /** The slot's disk cannot hold the image. */
        NO_SPACE,
        /** The compressed stream is corrupt, or a zip does not hold exactly one {@code .img} member. */
        BAD_ARCHIVE,
        /** Writing or reading back the slot failed for another reason than a full disk. */
        SLOT_IO_FAILED
    }

    private final Reason reason;
    private final long offset;
    private final int httpStatus;
    private final String expected;
    private final String actual;

    private InstallException(Reason reason, String detail, long offset, int httpStatus, String expected,
                             String actual, Throwable cause) {
        super("install failed (" + reason + "): " + detail, cause);
        this.reason = reason;
        this.offset = offset;
        this.httpStatus = httpStatus;
        this.expected = expected;
        this.actual = actual;
    }

    static InstallException of(Reason reason, String detail) {
        return new InstallException(reason, detail, -1, -1, null, null, null);
    }

    static InstallException at(Reason reason, long offset, String detail, Throwable cause) {
        return new InstallException(reason, detail + " at byte " + offset, offset, -1, null, null, cause);
    }

    static InstallException httpStatus(int status, long offset, String detail) {
        return new InstallException(Reason.DOWNLOAD_FAILED, detail + " (HTTP " + status + " at byte " + offset + ")",
                offset, status, null, null, null);
    }

    static InstallException hashMismatch(String expected, String actual, long size) {
        return new InstallException(Reason.HASH_MISMATCH,
                "expected SHA-256 " + expected + ", read back " + actual + " over " + size + " bytes",
                size, -1, expected, actual, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The byte offset the failure happened at: raw bytes for slot writes, compressed bytes for downloads. */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The SHA-256 the manifest promised, for {@link Reason#HASH_MISMATCH}. */
    public Optional<String> expectedSha256() {
        return Optional.ofNullable(expected);
    }

    /** The SHA-256 of what was read back, for {@link Reason#HASH_MISMATCH}. */
    public Optional<String> actualSha256() {
        return Optional.ofNullable(actual);
    }
}
