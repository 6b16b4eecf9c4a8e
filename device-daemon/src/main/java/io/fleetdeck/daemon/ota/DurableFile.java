package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.identity.StateFiles;
import java.nio.charset.StandardCharsets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Replaces small state files so that a power cut or kill -9 leaves either the old or the new content, never a mix:
 * write a temp file, fsync it, rename it over the target, fsync the directory so the rename itself survives.
 */
final class DurableFile {

    private DurableFile() {
    }

    static void replace(Path target, Properties content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        content.store(bytes, null);
        // Properties.store writes ISO-8859-1 with escapes, i.e. plain ASCII: the same bytes in UTF-8.
        StateFiles.writeAtomically(target, bytes.toString(StandardCharsets.ISO_8859_1));
    }

    /** The content last replaced; a leftover temp file of an interrupted write is never read. */
    static Optional<Properties> read(Path target) throws IOException {
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(target)) {
            p.load(in);
        }
        return Optional.of(p);
    }

    static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        // Linux lets a directory be opened read-only and fsynced; that is what makes a rename durable.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
