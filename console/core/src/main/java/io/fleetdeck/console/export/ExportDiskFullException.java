package io.fleetdeck.console.export;

import java.io.IOException;
import java.nio.file.Path;

/** The disk (or the user's quota) filled up while the export wrote; the partial output was removed. */
public final class ExportDiskFullException extends ExportWriteException {
    private final long written;

    public ExportDiskFullException(Path target, long written, IOException cause) {
        super("no space left on the device for export " + target + " after " + written
                + " readings; free some space or write elsewhere", target, cause);
        this.written = written;
    }

    public long written() {
        return written;
    }

    /** Whether {@code e} is ENOSPC or EDQUOT; Java gives no error code, only the C library's message. */
    public static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left on device") || message.contains("Disk quota exceeded");
    }
}
