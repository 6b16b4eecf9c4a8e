package io.fleetdeck.testkit.images;

import com.github.luben.zstd.ZstdOutputStream;
import io.fleetdeck.common.images.ImageStreams;
import io.fleetdeck.model.ImageFormat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Small raw images and their compressed forms, made the way the real tools make them. */
public final class TestImages {
    private TestImages() {
    }

    /** {@code raw} in {@code format}'s container, as the shipped writer makes it (a zip holds one member). */
    public static byte[] encode(ImageFormat format, byte[] raw) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = ImageStreams.compress(format, bytes, "firmware.img")) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /** Compressible but not trivial: repeated blocks with a seeded random tail in each. */
    public static byte[] raw(int size, long seed) {
        byte[] bytes = new byte[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 4096 < 3500 ? i % 251 : random.nextInt(256));
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    public static Path write(Path file, byte[] raw) throws IOException {
        Files.write(file, raw);
        return file;
    }

    public static Path gzip(Path file, byte[] raw) throws IOException {
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            out.write(raw);
        }
        return file;
    }

    public static Path xz(Path file, byte[] raw) throws IOException {
        try (OutputStream out = new XZOutputStream(Files.newOutputStream(file), new LZMA2Options(1))) {
            out.write(raw);
        }
        return file;
    }

    public static Path zstd(Path file, byte[] raw) throws IOException {
        // The zstd command line writes a content checksum by default; without one, damage can go unnoticed.
        try (ZstdOutputStream out = new ZstdOutputStream(Files.newOutputStream(file), 3)) {
            out.setChecksum(true);
            out.write(raw);
        }
        return file;
    }

    /** A zip whose members are named by {@code names}, each holding {@code raw}. Names are written as given. */
    public static Path zip(Path file, byte[] raw, String... names) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            for (String name : names) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.write(raw);
                zip.closeArchiveEntry();
            }
        }
        return file;
    }
}
