package io.fleetdeck.console.firmware;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Publishing a finished temp file under its final name so a crash leaves either the old state or the new. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Renames {@code temp} (already fsynced) to {@code target} and syncs the directory so the rename is durable. */
    static void publish(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory by construction, so this only happens on exotic file systems; say so in the trace.
            throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path directory) {
        // Opening a directory for reading works on Linux and macOS; Windows refuses, and renames there are
        // already durable enough for our purposes, so a failure here is not an error.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignoredOnPlatformsWithoutDirectorySync) {
            // nothing to do: see above
        }
    }
}
