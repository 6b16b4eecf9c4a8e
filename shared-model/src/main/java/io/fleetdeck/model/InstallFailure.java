package io.fleetdeck.model;

import java.util.Optional;

/**
 * Why an install was refused, failed or rolled back, as both sides name it. A refusal travels as
 * {@code data.reason} of the {@link CommandResponse}; a failure as the first word of {@link InstallProgress#reason()}
 * ({@code "HASH_MISMATCH: expected … got …"}), so the console can act on the code and show the rest.
 */
public enum InstallFailure {
    /** The manifest or the command was signed by a key the device does not trust (not adopted by this console). */
    UNKNOWN_KEY,
    /** The signature does not match the manifest or the command. */
    BAD_SIGNATURE,
    /** The image is not built for this board. */
    WRONG_MODEL,
    /** The image does not fit the slot, or the stream holds more than the manifest promises. */
    TOO_LARGE,
    /** The stream ended before the manifest's raw size. */
    TRUNCATED,
    /** What was written, read back, does not have the manifest's SHA-256. */
    HASH_MISMATCH,
    /** The image server answered with an error or the connection kept failing. */
    DOWNLOAD_FAILED,
    /** The disk holding the slot is too full. */
    NO_SPACE,
    /** The compressed stream is corrupt, or a zip does not hold exactly one image. */
    BAD_ARCHIVE,
    /** Writing or reading back the slot failed. */
    SLOT_IO_FAILED,
    /** The device is already installing another job. */
    BUSY,
    /** The device already runs this version. */
    SAME_VERSION,
    /** The install command itself is malformed. */
    BAD_REQUEST,
    /** The new firmware did not come back healthy in time; the device went back to its committed slot. */
    HEALTH_CHECK_FAILED,
    /** The device restarted during its trial boot before committing; it went back to its committed slot. */
    TRIAL_CRASHED,
    /** The device was offline or did not answer the console. */
    NO_ANSWER,
    /** The operator cancelled the job, or the console gave up on it. */
    CANCELLED,
    /** A firmware command without the operator's signature ({@link MessageSignature} user properties). */
    UNSIGNED,
    /** The command's signature is past its {@code fd-exp}. */
    EXPIRED,
    /** The command's nonce was seen before: a copy of a command already carried out or refused. */
    REPLAYED,
    /** An install whose {@code fd-exp} is not newer than that of the last install the device accepted. */
    STALE,
    /** The release's security version is below the highest the device committed, and no downgrade was allowed. */
    ROLLBACK;

    /** A reason text for {@link InstallProgress}: the code, a colon and the detail. */
    public String describe(String detail) {
        return detail == null || detail.isBlank() ? name() : name() + ": " + detail;
    }

    /** The code a reason text starts with, if it starts with one. */
    public static Optional<InstallFailure> of(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        int colon = reason.indexOf(':');
        String code = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        for (InstallFailure failure : values()) {
            if (failure.name().equals(code)) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }
}
