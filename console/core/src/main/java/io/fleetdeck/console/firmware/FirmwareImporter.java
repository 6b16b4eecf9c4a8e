package io.fleetdeck.console.firmware;

import io.fleetdeck.common.images.ImageStreams;
import io.fleetdeck.console.firmware.FirmwareImportException.Reason;
import io.fleetdeck.model.ImageFormat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.MemoryLimitException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Checks an image file and copies it into the library directory: the source is read once, through the decompressor
 * its name announces, counting raw bytes and hashing them as they stream by. Nothing is ever extracted: a zip member
 * is read as a stream from the copy, so its path never reaches the file system.
 */
final class FirmwareImporter {
    private static final Logger log = LoggerFactory.getLogger(FirmwareImporter.class);
    private static final int BUFFER = 256 * 1024;
    /** Names of copies still being checked; only this class makes them, so a leftover is always abandoned. */
    static final String TEMP_GLOB = ".import-*.tmp";

    private final Path libraryDir;

    FirmwareImporter(Path libraryDir) {
        this.libraryDir = libraryDir;
    }

    /** Checks {@code source} and leaves a verified copy under a temp name; the caller publishes or deletes it. */
    ImportedFile importToTemp(Path source) {
        String fileName = source.getFileName().toString();
        ImageFormat format = ImageFormat.find(fileName).orElseThrow(() -> new FirmwareImportException(
                Reason.UNSUPPORTED_FORMAT, source,
                "accepted are .img, .img.gz, .img.xz, .img.zst and .zip holding one .img", null));
        Path temp = libraryDir.resolve(".import-" + UUID.randomUUID() + ".tmp");
        boolean done = false;
        try {
            Files.createDirectories(libraryDir);
            RawImageDigest digest = format == ImageFormat.ZIP
                    ? copyThenReadZip(source, temp)
                    : copyWhileDecompressing(source, format, temp);
            if (digest.rawSize() == 0) {
                throw new FirmwareImportException(Reason.CORRUPT, source, "the image is empty", null);
            }
            ImportedFile imported = new ImportedFile(source, temp, format, Files.size(temp), digest);
            done = true;
            return imported;
        } catch (NoSuchFileException e) {
            throw new FirmwareImportException(Reason.IO, source, "no such file: " + e.getFile(), e);
        } catch (IOException e) {
            throw new FirmwareImportException(Reason.IO, source, e.getMessage(), e);
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
    }

    private RawImageDigest copyWhileDecompressing(Path source, ImageFormat format, Path temp) throws IOException {
        if (format == ImageFormat.IMG_ZST) {
            warnIfUnchecked(source);
        }
        try (InputStream file = Files.newInputStream(source);
             FileChannel out = createTemp(temp);
             OutputStream copy = new BufferedOutputStream(Channels.newOutputStream(out), BUFFER)) {
            SourceStream counted = new SourceStream(file, copy);
            RawImageDigest digest;
            try (InputStream raw = ImageStreams.decompress(format, counted)) {
                digest = digest(raw, null);
                counted.drain();
            } catch (SourceStream.LocalIoException e) {
                throw e;
            } catch (MemoryLimitException e) {
                // Refused here rather than on every device: a Pi enforces the same limit while it installs.
                throw new FirmwareImportException(Reason.CORRUPT, source, String.format(Locale.ROOT,
                        "decompressing needs %,d MiB of memory, more than the %,d MiB a device may use "
                                + "(xz -9 needs 65); recompress with a smaller dictionary",
                        e.getMemoryNeeded() / 1024, e.getMemoryLimit() / 1024), counted.consumed(), e);
            } catch (IOException | RuntimeException e) {
                // Decompressors signal bad data with IOExceptions (xz, gzip) or unchecked ones (zstd-jni errors).
                throw new FirmwareImportException(Reason.CORRUPT, source, describe(e), counted.consumed(), e);
            }
            copy.flush();
            out.force(true);
            return digest;
        }
    }

    private static void warnIfUnchecked(Path source) throws IOException {
        byte[] start = new byte[5];
        int read;
        try (InputStream in = Files.newInputStream(source)) {
            read = in.readNBytes(start, 0, start.length);
        }
        if (read == start.length && !ZstdFrameHeader.hasContentChecksum(start)) {
            log.warn("{} has no zstd content checksum: damage to the file would go unnoticed "
                    + "(the zstd command line adds one unless told --no-check)", source.getFileName());
        }
    }

    private RawImageDigest copyThenReadZip(Path source, Path temp) throws IOException {
        // A zip's directory is at its end, so it needs random access: copy first, then read the member from the copy.
        try (InputStream file = Files.newInputStream(source); FileChannel out = createTemp(temp)) {
            OutputStream copy = Channels.newOutputStream(out);
            file.transferTo(copy);
            out.force(true);
        }
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(temp).get();
        } catch (IOException e) {
            throw new FirmwareImportException(Reason.CORRUPT, source, "not a readable zip: " + describe(e), e);
        }
        try (zip) {
            List<ZipArchiveEntry> images = new ArrayList<>();
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (!entry.isDirectory() && ImageFormat.isImageMember(entry.getName())) {
                    images.add(entry);
                }
            }
            if (images.size() != 1) {
                throw new FirmwareImportException(Reason.ZIP_NOT_ONE_IMAGE, source, "the zip holds " + images.size()
                        + " .img files " + images.stream().map(ZipArchiveEntry::getName).toList()
                        + "; it must hold exactly one", null);
            }
            ZipArchiveEntry image = images.getFirst();
            if (!zip.canReadEntryData(image)) {
                throw new FirmwareImportException(Reason.UNSUPPORTED_FORMAT, source, "member '" + image.getName()
                        + "' uses compression method " + image.getMethod() + " or encryption, which we cannot read",
                        null);
            }
            CRC32 crc = new CRC32();
            RawImageDigest digest;
            try (InputStream raw = zip.getInputStream(image)) {
                digest = digest(raw, crc);
            } catch (IOException | RuntimeException e) {
                throw new FirmwareImportException(Reason.CORRUPT, source, "member '" + image.getName() + "': "
                        + describe(e), image.getDataOffset(), e);
            }
            if (image.getCrc() != -1 && image.getCrc() != crc.getValue()) {
                throw new FirmwareImportException(Reason.CORRUPT, source, "member '" + image.getName()
                        + "' fails its CRC-32 check", image.getDataOffset(), null);
            }
            log.debug("Zip {} holds image member '{}'", source, image.getName());
            return digest;
        }
    }

    private static RawImageDigest digest(InputStream raw, CRC32 crc) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        for (int n; (n = raw.read(buffer)) >= 0; ) {
            sha256.update(buffer, 0, n);
            if (crc != null) {
                crc.update(buffer, 0, n);
            }
            size += n;
        }
        return new RawImageDigest(size, HexFormat.of().formatHex(sha256.digest()));
    }

    private static FileChannel createTemp(Path temp) throws IOException {
        return FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete leftover {}: {}", file, e.getMessage());
        }
    }
}
