package io.fleetdeck.common.images;

import io.fleetdeck.model.ImageFormat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;

/**
 * Writes simulated firmware images: what a virtual device (or {@code run} off a Pi) installs and then behaves like.
 * The raw image starts with a text header, {@code FLEETDECK-SIM-FIRMWARE\nversion=V\nhealth=ok|fail\n}, padded to
 * its size with alternating zero and pseudo-random 64 KiB blocks (like a real card image: compressible, not
 * trivially). The container comes from the file name: {@code .img}, {@code .img.gz}, {@code .img.xz},
 * {@code .img.zst} or {@code .zip} (one {@code .img} member). {@code fleetdeckd sim-image} is the command line for it.
 */
public final class SimImages {
    /** Raw size when none is given: small enough for tests and demos, big enough for progress to show. */
    public static final long DEFAULT_SIZE = 4L << 20;
    private static final int BLOCK = 64 * 1024;

    /**
     * What was written.
     *
     * @param file      the image file (compressed as its name says)
     * @param rawSize   bytes of the raw image, the manifest's {@code rawSize}
     * @param rawSha256 lower-case hex SHA-256 of the raw image, the manifest's {@code rawSha256}
     */
    public record SimImage(Path file, long rawSize, String rawSha256) {
    }

    private SimImages() {
    }

    /**
     * Writes a simulated image of {@code size} raw bytes for {@code version} to {@code out}.
     *
     * @param healthy false makes a device that boots it publish no sensor readings, so its health check fails
     * @throws IllegalArgumentException for a name that is no image format, a size smaller than the header, or a
     *                                  version with a line break
     */
    public static SimImage write(Path out, String version, long size, boolean healthy) throws IOException {
        Objects.requireNonNull(out, "out");
        if (version == null || version.isBlank() || version.contains("\n") || version.contains("\r")) {
            throw new IllegalArgumentException("version must be one non-blank line: " + version);
        }
        byte[] header = SimFirmware.header(version, healthy);
        if (size < header.length) {
            throw new IllegalArgumentException("size " + size + " is smaller than the " + header.length
                    + "-byte header");
        }
        String name = out.getFileName().toString();
        ImageFormat format = ImageFormat.ofFileName(name);
        MessageDigest sha256 = sha256();
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), BLOCK);
             OutputStream container = ImageStreams.compress(format, file, format.stem(name) + ".img")) {
            writeRaw(new DigestOutputStream(container, sha256), header, size, version);
        }
        return new SimImage(out, size, HexFormat.of().formatHex(sha256.digest()));
    }

    private static void writeRaw(OutputStream out, byte[] header, long size, String version) throws IOException {
        out.write(header);
        long written = header.length;
        Random random = new Random(version.hashCode());
        byte[] block = new byte[BLOCK];
        byte[] zeros = new byte[BLOCK];
        for (long index = 0; written < size; index++) {
            int n = (int) Math.min(BLOCK, size - written);
            if (index % 2 == 0) {
                random.nextBytes(block);
                out.write(block, 0, n);
            } else {
                out.write(zeros, 0, n);
            }
            written += n;
        }
        out.flush();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
