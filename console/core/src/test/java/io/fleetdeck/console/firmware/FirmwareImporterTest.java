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

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
