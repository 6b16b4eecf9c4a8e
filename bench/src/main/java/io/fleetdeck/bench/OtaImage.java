package io.fleetdeck.bench;

import io.fleetdeck.common.images.SimImages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The benchmark's firmware: a raw {@code .img} whose first block is a healthy simulated image's ({@link SimImages}:
 * header, so a virtual device that boots it reports its version and passes its health check) and the rest random
 * bytes, so nothing on the way (file system, page cache, HTTP) can shortcut zeros.
 *
 * @param file   the image
 * @param size   bytes
 * @param sha256 lower-case hex SHA-256 of the file
 */
record OtaImage(Path file, long size, String sha256) {
    private static final int HEAD = 64 * 1024;
    private static final int BLOCK = 1 << 20;

    static OtaImage write(Path file, String version, long size) throws IOException {
        SimImages.write(file, version, Math.min(size, HEAD), true);
        SplittableRandom random = new SplittableRandom(size);
        byte[] block = new byte[BLOCK];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long written = Math.min(size, HEAD);
            while (written < size) {
                random.nextBytes(block);
                ByteBuffer chunk = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, size - written));
                while (chunk.hasRemaining()) {
                    written += out.write(chunk);
                }
            }
            // Durable now, so the first measured fsync does not pay for writing the source.
            out.force(true);
        }
        return new OtaImage(file, size, sha256(file));
    }

    /** Reads {@code file} once, so every contender starts from the same warm page cache. */
    static void warm(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
