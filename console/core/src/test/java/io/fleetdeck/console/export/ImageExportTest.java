package io.fleetdeck.console.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageExportTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBytesUnderTheChosenNameAndLeavesNoTemporaryFile() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Path written = ImageExport.write(dir.resolve("pi-1-charts.png"), png);

        assertThat(written).hasBinaryContent(png);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(written);
        }
    }

    @Test
    void aMissingDirectoryIsAWriteErrorThatNamesTheFile() {
        Path target = dir.resolve("gone").resolve("x.png");

        assertThatThrownBy(() -> ImageExport.write(target, new byte[] {1}))
                .isInstanceOf(ExportWriteException.class)
                .hasMessageContaining("cannot write export " + target);
        assertThat(target.getParent()).doesNotExist();
    }
}
