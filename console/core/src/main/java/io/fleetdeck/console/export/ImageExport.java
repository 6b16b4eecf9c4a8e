package io.fleetdeck.console.export;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes an encoded image (a chart picture) to the operator's file: whole or not at all, like every export, so a
 * full disk or a crash never leaves half a PNG behind under the chosen name.
 */
public final class ImageExport {
    private ImageExport() {
    }

    /**
     * @throws ExportWriteException when the file cannot be written ({@link ExportDiskFullException} on a full disk)
     */
    public static Path write(Path target, byte[] image) {
        Path absolute = target.toAbsolutePath();
        try {
            if (!Files.isDirectory(absolute.getParent())) {
                // As the CSV export: a file goes where the operator chose, never into a directory made for it.
                throw new NoSuchFileException(absolute.getParent().toString(), null, "no such directory");
            }
            DurableFiles.writeAtomically(absolute, image, null);
            return absolute;
        } catch (IOException e) {
            if (ExportDiskFullException.isDiskFull(e)) {
                throw new ExportDiskFullException(absolute, 0, e);
            }
            throw new ExportWriteException(absolute, e);
        }
    }
}
