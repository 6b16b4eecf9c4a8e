package io.fleetdeck.console.export;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The export could not write its output: a missing or unwritable directory, an I/O error. An export into a file left
 * no file behind. A full disk is {@link ExportDiskFullException}.
 */
public class ExportWriteException extends RuntimeException {
    private final Path target;

    public ExportWriteException(Path target, IOException cause) {
        this("cannot write export " + target + ": " + describe(cause), target, cause);
    }

    ExportWriteException(String message, Path target, IOException cause) {
        super(message, cause);
        this.target = target;
    }

    /** The file (or "-" for standard output) the export was written to. */
    public Path target() {
        return target;
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
