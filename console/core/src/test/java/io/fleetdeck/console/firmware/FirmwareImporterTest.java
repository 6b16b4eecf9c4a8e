package io.fleetdeck.console.firmware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareImporterTest {
    private static final long RAW_SIZE = 96L << 20;

    @TempDir
    Path dir;

    /** A JVM with 32 MiB of heap imports a 96 MiB image: only possible if the image is streamed, never held. */
    @Test
    void importsAnImageLargerThanTheHeap() throws Exception {
        Path source = dir.resolve("big-1.0.0.img.xz");
        try (OutputStream out = new XZOutputStream(Files.newOutputStream(source), new LZMA2Options(0))) {
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < RAW_SIZE; written += block.length) {
                block[(int) (written >>> 20)] = 1;
                out.write(block);
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx32m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SmallHeapImport.class.getName(), dir.resolve("data").toString(), source.toString(),
                Long.toString(RAW_SIZE)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(() -> readQuietly(dir.resolve("child.log"))).isZero();
    }

    /**
     * An xz whose block header asks for a 1 GiB dictionary (made by patching a small file's header, since writing one
     * for real would take gigabytes): the console refuses it at import, as a Pi would at install.
     */
    @Test
    void refusesAnXzImageThatNeedsMoreMemoryThanADeviceMayUse() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(bytes, new LZMA2Options(1))) {
            out.write(new byte[64 * 1024]);
        }
        byte[] xz = bytes.toByteArray();
        int header = 12;
        int headerSize = (xz[header] + 1) * 4;
        assertThat(xz[header + 2]).as("LZMA2 filter id").isEqualTo((byte) 0x21);
        xz[header + 4] = 36; // LZMA2 dictionary size code: 2 << (36 / 2 + 11) = 1 GiB
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(xz, header, headerSize - 4);
        java.nio.ByteBuffer.wrap(xz, header + headerSize - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue());
        Path source = Files.write(dir.resolve("greedy-1.0.0.img.xz"), xz);

        assertThatThrownBy(() -> new FirmwareImporter(dir.resolve("library")).importToTemp(source))
                .isInstanceOfSatisfying(FirmwareImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FirmwareImportException.Reason.CORRUPT);
                    assertThat(e.getMessage()).contains("needs 1,024 MiB of memory, more than the 128 MiB");
                });
        try (var leftovers = Files.list(dir.resolve("library"))) {
            assertThat(leftovers).as("no temp copy is left behind").isEmpty();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
