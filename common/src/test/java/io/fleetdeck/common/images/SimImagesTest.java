package io.fleetdeck.common.images;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Simulated images, decompressed with the libraries directly (not the installer's code) and hashed. */
class SimImagesTest {
    private static final long SIZE = 300_000;

    @TempDir
    Path dir;

    /** The raw image inside {@code file}, as the container its name says. */
    private static InputStream raw(Path file) throws IOException {
        String name = file.getFileName().toString();
        InputStream in = Files.newInputStream(file);
        if (name.endsWith(".img.gz")) {
            return new GzipCompressorInputStream(in);
        }
        if (name.endsWith(".img.xz")) {
            return new XZInputStream(in);
        }
        if (name.endsWith(".img.zst")) {
            return new ZstdInputStream(in);
        }
        if (name.endsWith(".zip")) {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(in);
            ZipArchiveEntry entry = zip.getNextEntry();
            assertThat(entry.getName()).isEqualTo(name.substring(0, name.length() - 4) + ".img");
            return zip;
        }
        return in;
    }

    private record Content(long size, String sha256, byte[] head) {
    }

    private static Content read(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        byte[] head = null;
        long size = 0;
        try (InputStream in = raw(file)) {
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                if (head == null) {
                    head = java.util.Arrays.copyOf(buffer, Math.min(n, 128));
                }
                sha256.update(buffer, 0, n);
                size += n;
            }
        }
        return new Content(size, HexFormat.of().formatHex(sha256.digest()), head);
    }

    @Test
    void everyFormatHoldsTheSameRawImageWhoseHashItReturns() throws Exception {
        String expected = null;
        for (String suffix : List.of(".img", ".img.gz", ".img.xz", ".img.zst", ".zip")) {
            SimImages.SimImage image = SimImages.write(dir.resolve("fw-1.2.3" + suffix), "1.2.3", SIZE, true);
            Content content = read(image.file());

            assertThat(image.rawSize()).as(suffix).isEqualTo(SIZE);
            assertThat(content.size()).as(suffix).isEqualTo(SIZE);
            assertThat(content.sha256()).as(suffix).isEqualTo(image.rawSha256());
            if (expected == null) {
                expected = image.rawSha256();
            }
            // The version alone decides the bytes, so the same release in any container is one image.
            assertThat(image.rawSha256()).as(suffix).isEqualTo(expected);
            if (!suffix.equals(".img")) {
                assertThat(Files.size(image.file())).as(suffix + " compresses").isLessThan(SIZE);
            }
        }
    }

    @Test
    void theHeaderSaysTheVersionAndWhetherTheImageIsBuiltToFailItsHealthCheck() throws Exception {
        SimImages.SimImage sick = SimImages.write(dir.resolve("sick.img.xz"), "6.6.6", SIZE, false);
        assertThat(new String(read(sick.file()).head(), StandardCharsets.UTF_8))
                .startsWith("FLEETDECK-SIM-FIRMWARE\nversion=6.6.6\nhealth=fail\n");

        SimImages.SimImage rawSick = SimImages.write(dir.resolve("sick.img"), "6.6.6", SIZE, false);
        assertThat(SimFirmware.read(rawSick.file())).contains(new SimFirmware("6.6.6", false));
        SimImages.SimImage rawWell = SimImages.write(dir.resolve("well.img"), "6.6.7", SIZE, true);
        assertThat(SimFirmware.read(rawWell.file())).contains(new SimFirmware("6.6.7", true));
        // A healthy and an unhealthy build of one version differ, so their manifests cannot be confused.
        assertThat(SimImages.write(dir.resolve("well2.img"), "6.6.6", SIZE, true).rawSha256())
                .isNotEqualTo(rawSick.rawSha256());
    }

    @Test
    void refusesANameThatIsNoImageATooSmallSizeAndAMultiLineVersion() {
        assertThatThrownBy(() -> SimImages.write(dir.resolve("fw.bin"), "1.0.0", SIZE, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fw.bin");
        assertThatThrownBy(() -> SimImages.write(dir.resolve("fw.img"), "1.0.0", 10, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> SimImages.write(dir.resolve("fw.img"), "1.0\nhealth=ok", SIZE, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-blank line");
    }
}
