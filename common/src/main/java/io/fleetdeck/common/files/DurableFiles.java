package io.fleetdeck.common.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The one crash-safe file writer of console and device: write a temporary sibling, fsync it, rename it over the
 * target, fsync the directory. A power cut or kill -9 leaves either the old file or the new one, never a torn one;
 * SD cards see many power cuts, and the console's library and keys must survive a crash mid-write as well.
 */
public final class DurableFiles {
    private DurableFiles() {
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
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /** As {@link #writeAtomically(Path, String, Set)}, for binary content (e.g. a PKCS#12 key store). */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = temporaryFor(target);
        Files.deleteIfExists(temp);
        FileAttribute<?>[] attributes = permissions == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)};
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
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
        syncDirectory(dir);
    }

    /** Replaces a properties file as {@link #writeAtomically(Path, String)} does. */
    public static void replace(Path target, Properties content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        content.store(bytes, null);
        // Properties.store writes ISO-8859-1 with escapes, i.e. plain ASCII: the same bytes in UTF-8.
        writeAtomically(target, bytes.toString(StandardCharsets.ISO_8859_1));
    }

    /** The properties last replaced; a leftover temp file of an interrupted write is never read. */
    public static Optional<Properties> readProperties(Path target) throws IOException {
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(target)) {
            p.load(in);
        }
        return Optional.of(p);
    }

    /** Deletes {@code target} so that the deletion, too, survives a power cut. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Publishes a finished temp file (already fsynced, e.g. a large image written by streaming) under its final name
     * in the same directory, and syncs the directory so the rename is durable.
     *
     * @throws IOException also when the file system cannot rename atomically: a half-published image is worse than
     *                     none
     */
    public static void publish(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory by construction, so this only happens on exotic file systems; say so in the trace.
            throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Makes renames and deletions in {@code directory} durable. Linux and macOS let a directory be opened read-only
     * and fsynced; some file systems (and Windows) refuse, and their renames are as durable as they get, so a refusal
     * is not an error.
     */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // nothing more can be done on such a file system: see above
        }
    }
}
