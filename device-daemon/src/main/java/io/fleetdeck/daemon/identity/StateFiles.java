package io.fleetdeck.daemon.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe writes of small state files: write a temporary sibling, fsync it, rename it over the target, fsync the
 * directory. A power cut leaves either the old file or the new one, never a torn one; SD cards see many power cuts.
 */
public final class StateFiles {
    private StateFiles() {
    }

    /** The sibling a write goes through first; a crash can leave it behind, and readers never look at it. */
    public static Path temporaryFor(Path target) {
        return target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".tmp");
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content, null);
    }

    /**
     * As {@link #writeAtomically(Path, String)}, the temporary file created with {@code permissions} (e.g. owner
     * read/write only for a private key) so the content is never readable by others, not even for a moment.
     */
    public static void writeAtomically(Path target, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = temporaryFor(target);
        Files.deleteIfExists(temp);
        FileAttribute<?>[] attributes = permissions == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)};
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // Some file systems refuse to open a directory for fsync; the rename is still atomic there.
        }
    }
}
