package io.fleetdeck.console.firmware;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * An image file could not be imported. Carries what a technician needs to act: which file, why, and for corrupt data
 * roughly where in the file the decompressor gave up.
 */
public final class FirmwareImportException extends RuntimeException {
    /** Why an import failed; the UI maps each to its own sentence. */
    public enum Reason {
        /** The file name does not end in one of the accepted image extensions. */
        UNSUPPORTED_FORMAT,
        /** The decompressor or a checksum rejected the data, or the image is empty. */
        CORRUPT,
        /** A zip holds no {@code .img} member, or more than one, so there is no single image to take. */
        ZIP_NOT_ONE_IMAGE,
        /** Reading the source or writing the library failed: missing file, permissions, full disk, database. */
        IO
    }

    private final Reason reason;
    private final Path source;
    private final long offset;

    public FirmwareImportException(Reason reason, Path source, String detail, Throwable cause) {
        this(reason, source, detail, -1, cause);
    }

    /** {@code offset} is the byte of the source file near which the data went bad, or -1 when unknown. */
    public FirmwareImportException(Reason reason, Path source, String detail, long offset, Throwable cause) {
        super(message(reason, source, detail, offset), cause);
        this.reason = reason;
        this.source = source;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public Path source() {
        return source;
    }

    /** Byte of the source file near which the data went bad, when known; decompressors read ahead, so "near". */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    private static String message(Reason reason, Path source, String detail, long offset) {
        String where = offset < 0 ? "" : " (near byte " + offset + ")";
        return "cannot import " + source.getFileName() + ": " + reason + ": " + detail + where;
    }
}
