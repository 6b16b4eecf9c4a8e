package io.fleetdeck.console.rollout.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageDropTest {
    @ParameterizedTest
    @ValueSource(strings = {"fw-1.2.img", "fw-1.2.img.xz", "fw-1.2.img.gz", "fw-1.2.IMG.ZST", "raspios.zip"})
    void takesTheFormatsRaspberryPiImagesComeIn(String name) {
        ImageDrop drop = ImageDrop.ofFiles(List.of(new File("/downloads", name)));

        assertThat(drop.installable()).isTrue();
        assertThat(drop.importable()).isTrue();
        assertThat(drop.installHint(3)).isEqualTo("Drop to check " + name + " for 3 selected devices");
    }

    @Test
    void refusesOtherFilesAndSaysWhich() {
        ImageDrop drop = ImageDrop.ofFiles(List.of(new File("/downloads/fw.tar.gz")));

        assertThat(drop.installable()).isFalse();
        assertThat(drop.installHint(1)).isEqualTo("fw.tar.gz is not a firmware image: use " + ImageDrop.FORMATS);
        assertThat(ImageDrop.ofFiles(List.of(new File("a.img"), new File("notes.txt"))).importHint())
                .isEqualTo("notes.txt is not a firmware image: use " + ImageDrop.FORMATS);
    }

    @Test
    void installsOneImageAtATimeButImportsMany() {
        ImageDrop two = ImageDrop.ofFiles(List.of(new File("a-1.img"), new File("b-2.img.xz")));

        assertThat(two.installable()).isFalse();
        assertThat(two.installHint(1)).isEqualTo("Drop one image at a time (2 files dragged)");
        assertThat(two.importable()).isTrue();
        assertThat(two.importHint()).isEqualTo("Drop to import 2 images");
    }

    @Test
    void aLibraryImageIsInstallableButNotImportedAgain() {
        ImageDrop drop = ImageDrop.ofLibraryImage(7, "fw-2.0.0.img.xz");

        assertThat(drop.installable()).isTrue();
        assertThat(drop.importable()).isFalse();
        assertThat(drop.installHint(1)).isEqualTo("Drop to check fw-2.0.0.img.xz for this device");
    }
}
