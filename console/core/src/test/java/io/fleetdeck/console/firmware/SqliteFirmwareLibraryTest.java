package io.fleetdeck.console.firmware;

import io.fleetdeck.console.firmware.FirmwareImportException.Reason;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.testkit.images.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteFirmwareLibraryTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dataDir;
    @TempDir
    Path downloads;

    private final ManifestSignatures signatures = new ManifestSignatures(new PayloadCodec());
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private OperatorKey key;
    private SqliteFirmwareLibrary library;
    private final byte[] raw = TestImages.raw(300_000, 7);

    @BeforeEach
    void open() {
        key = OperatorKey.loadOrCreate(dataDir);
        library = SqliteFirmwareLibrary.open(dataDir, key, signatures, clock);
    }

    @AfterEach
    void close() {
        library.close();
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void importsEveryFormatWithRawSizeAndHash(ImageFormat format) throws Exception {
        Path source = make(format, "fleetdeck-1.4.2-rpi4");

        FirmwareImage image = library.importImage(source, List.of("Raspberry Pi 4"));

        assertThat(image.name()).isEqualTo("fleetdeck-1.4.2-rpi4." + format.extension());
        assertThat(image.format()).isEqualTo(format);
        assertThat(image.version()).contains("1.4.2");
        assertThat(image.models()).containsExactly("Raspberry Pi 4");
        assertThat(image.rawSize()).isEqualTo(raw.length);
        assertThat(image.rawSha256()).isEqualTo(TestImages.sha256(raw));
        assertThat(image.compressedSize()).isEqualTo(Files.size(source));
        assertThat(image.importedAt()).isEqualTo(NOW);
        assertThat(image.file()).isEqualTo(dataDir.resolve("firmware")
                .resolve(TestImages.sha256(raw) + "." + format.extension()));
        assertThat(Files.readAllBytes(image.file())).isEqualTo(Files.readAllBytes(source));
        assertThat(libraryFiles()).containsExactly(image.file().getFileName().toString());
    }

    @Test
    void reimportOfTheSameImageReturnsTheExistingEntry() throws Exception {
        FirmwareImage first = library.importImage(TestImages.xz(downloads.resolve("fw-2.0.0.img.xz"), raw));

        FirmwareImage again = library.importImage(TestImages.xz(downloads.resolve("fw-2.0.0.img.xz"), raw));
        FirmwareImage otherContainer = library.importImage(TestImages.gzip(downloads.resolve("copy.img.gz"), raw));

        assertThat(again).isEqualTo(first);
        assertThat(otherContainer).isEqualTo(first);
        assertThat(library.images()).containsExactly(first);
        assertThat(libraryFiles()).containsExactly(first.file().getFileName().toString());
    }

    @Test
    void aSoundLibraryFileStaysWhereItIs() throws Exception {
        library.importImage(TestImages.write(downloads.resolve("fw-3.1.img"), raw));
        library.close();

        library = SqliteFirmwareLibrary.open(dataDir, key, signatures, clock);

        assertThat(library.corruptFileMovedTo()).isEmpty();
        assertThat(library.images()).hasSize(1);
    }

    /** Damaged pages as a failing SD card leaves them: the file still opens, its b-trees no longer add up. */
    @Test
    void aCorruptLibraryFileIsMovedAsideAndANewLibraryStarts() throws Exception {
        FirmwareImage imported = library.importImage(TestImages.write(downloads.resolve("fw-3.1.img"), raw));
        library.close();
        Path file = dataDir.resolve(SqliteFirmwareLibrary.DATABASE_FILE);
        try (java.io.RandomAccessFile damaged = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[(int) damaged.length() - 4096];
            new java.util.Random(7).nextBytes(garbage);
            damaged.seek(4096);
            damaged.write(garbage);
        }

        library = SqliteFirmwareLibrary.open(dataDir, key, signatures, clock);

        Path aside = dataDir.resolve("firmware.db.corrupt-20261126-100000");
        assertThat(library.corruptFileMovedTo()).hasValue(aside);
        assertThat(aside).exists();
        assertThat(library.images()).isEmpty();
        assertThat(imported.file()).as("the image files are kept").exists();
        FirmwareImage again = library.importImage(TestImages.write(downloads.resolve("fw-3.1.img"), raw));
        assertThat(library.images()).containsExactly(again);
    }

    @Test
    void libraryIsReadBackFromDiskAfterReopening() throws Exception {
        FirmwareImage imported = library.importImage(TestImages.write(downloads.resolve("fw-3.1.img"), raw),
                List.of("Raspberry Pi 5"));
        library.setVersion(imported.id(), "3.1.0");
        library.close();

        library = SqliteFirmwareLibrary.open(dataDir, key, signatures, clock);

        assertThat(library.images()).singleElement().satisfies(image -> {
            assertThat(image.version()).contains("3.1.0");
            assertThat(image.models()).containsExactly("Raspberry Pi 5");
            assertThat(image.rawSha256()).isEqualTo(imported.rawSha256());
            assertThat(image.file()).exists();
        });
    }

    @Test
    void refusesCorruptXzWithTheDecompressorsMessageAndOffset() throws Exception {
        Path source = TestImages.xz(downloads.resolve("broken-1.0.img.xz"), raw);
        byte[] bytes = Files.readAllBytes(source);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(source, bytes);

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
                    assertThat(e.offset()).isPresent();
                    assertThat(e.getMessage()).contains("broken-1.0.img.xz").contains("Exception");
                });
        assertThat(libraryFiles()).isEmpty();
        assertThat(library.images()).isEmpty();
    }

    @Test
    void refusesTruncatedGzip() throws Exception {
        Path source = TestImages.gzip(downloads.resolve("cut.img.gz"), raw);
        byte[] bytes = Files.readAllBytes(source);
        Files.write(source, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        assertThat(libraryFiles()).isEmpty();
    }

    @Test
    void refusesZipWithTwoImages() throws Exception {
        Path source = TestImages.zip(downloads.resolve("two.zip"), raw, "a.img", "b.img");

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ZIP_NOT_ONE_IMAGE);
                    assertThat(e.getMessage()).contains("2 .img files");
                });
        assertThat(libraryFiles()).isEmpty();
    }

    @Test
    void refusesZipWithoutImage() throws Exception {
        Path source = TestImages.zip(downloads.resolve("none.zip"), raw, "README.txt");

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ZIP_NOT_ONE_IMAGE));
    }

    @Test
    void zipMemberNamedOutsideTheLibraryIsReadButNeverWrittenByItsName() throws Exception {
        Path nested = Files.createDirectories(downloads.resolve("a/b"));
        Path source = TestImages.zip(nested.resolve("evil-1.0.zip"), raw, "../../evil.img");

        FirmwareImage image = library.importImage(source);

        assertThat(image.rawSha256()).isEqualTo(TestImages.sha256(raw));
        assertThat(image.file().getParent()).isEqualTo(dataDir.resolve("firmware"));
        assertThat(libraryFiles()).containsExactly(image.file().getFileName().toString());
        // "../../evil.img" from downloads/a/b would land in downloads; from the library, beside the data directory.
        // Walking the data directory's parent (the system temp directory) raced with other processes' temp files.
        try (Stream<Path> everything = Stream.concat(Files.walk(dataDir), Files.walk(downloads))) {
            assertThat(everything.map(p -> p.getFileName().toString())).doesNotContain("evil.img");
        }
        assertThat(dataDir.resolveSibling("evil.img")).doesNotExist();
    }

    @Test
    void refusesUnknownExtension() throws Exception {
        Path source = TestImages.write(downloads.resolve("firmware.bin"), raw);

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
    }

    @Test
    void missingSourceIsAnIoFailure() {
        assertThatThrownBy(() -> library.importImage(downloads.resolve("gone.img.xz")))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.IO));
    }

    @Test
    void refusesEmptyImage() throws Exception {
        Path source = TestImages.xz(downloads.resolve("empty.img.xz"), new byte[0]);

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    }

    @Test
    void versionIsEmptyWhenTheNameHasNoneAndCanBeSetLater() throws Exception {
        FirmwareImage image = library.importImage(TestImages.write(downloads.resolve("custom-rpi4.img"), raw));

        assertThat(image.version()).isEmpty();
        assertThatThrownBy(() -> library.release(image.id(), List.of("Raspberry Pi 4")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no version");

        assertThat(library.setVersion(image.id(), "0.9.1").version()).contains("0.9.1");
    }

    @Test
    void releaseSignsAManifestTheOperatorKeyVerifies() throws Exception {
        FirmwareImage image = library.importImage(TestImages.zstd(downloads.resolve("fleetdeck-1.5.0.img.zst"), raw));

        SignedManifest signed = library.release(image.id(), List.of("Raspberry Pi 4"));

        assertThat(signed.key()).isEqualTo(key.fingerprint());
        Map<KeyFingerprint, java.security.PublicKey> trusted = Map.of(key.fingerprint(), key.keyPair().getPublic());
        assertThat(signatures.verify(signed, trusted)).satisfies(manifest -> {
            assertThat(manifest.version()).isEqualTo("1.5.0");
            assertThat(manifest.models()).containsExactly("Raspberry Pi 4");
            assertThat(manifest.rawSize()).isEqualTo(raw.length);
            assertThat(manifest.rawSha256()).isEqualTo(TestImages.sha256(raw));
            assertThat(manifest.createdMs()).isEqualTo(NOW.toEpochMilli());
        });
    }

    @Test
    void modelsCanBeSetAfterImport() throws Exception {
        FirmwareImage image = library.importImage(TestImages.write(downloads.resolve("fw-1.0.img"), raw));

        FirmwareImage updated = library.setModels(image.id(), List.of("Raspberry Pi 4", "Raspberry Pi 400"));

        assertThat(updated.models()).containsExactly("Raspberry Pi 4", "Raspberry Pi 400");
        assertThat(library.image(image.id()).orElseThrow().models()).containsExactly("Raspberry Pi 4",
                "Raspberry Pi 400");
    }

    @Test
    void refusesCorruptZstd() throws Exception {
        Path source = TestImages.zstd(downloads.resolve("broken.img.zst"), raw);
        byte[] bytes = Files.readAllBytes(source);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(source, bytes);

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        assertThat(libraryFiles()).isEmpty();
    }

    @Test
    void refusesZipWhoseImageIsDamaged() throws Exception {
        Path source = TestImages.zip(downloads.resolve("damaged.zip"), raw, "fw.img");
        byte[] bytes = Files.readAllBytes(source);
        bytes[bytes.length / 3] ^= 0x55;
        Files.write(source, bytes);

        assertThatThrownBy(() -> library.importImage(source))
                .isInstanceOfSatisfying(FirmwareImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        assertThat(libraryFiles()).isEmpty();
    }

    @Test
    void concurrentImportsOfTheSameImageMakeOneEntry() throws Exception {
        Path a = TestImages.xz(downloads.resolve("fw-1.0.img.xz"), raw);
        Path b = TestImages.write(downloads.resolve("fw-1.0.img"), raw);

        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var first = executor.submit(() -> library.importImage(a));
            var second = executor.submit(() -> library.importImage(b));

            assertThat(first.get()).isEqualTo(second.get());
        }
        assertThat(library.images()).hasSize(1);
        assertThat(libraryFiles()).hasSize(1);
    }

    @Test
    void removesCopiesOfInterruptedImportsOnOpen() throws Exception {
        library.close();
        Path leftover = Files.write(dataDir.resolve("firmware").resolve(".import-1234.tmp"), raw);

        library = SqliteFirmwareLibrary.open(dataDir, key, signatures, clock);

        assertThat(leftover).doesNotExist();
    }

    @Test
    void refusesDatabaseFromANewerConsole() throws Exception {
        library.close();
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("firmware.db"));
             var statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> SqliteFirmwareLibrary.open(dataDir, key, signatures, clock))
                .isInstanceOf(FirmwareLibraryException.class).hasMessageContaining("99");
        library = SqliteFirmwareLibrary.open(dataDir.resolve("other"), key, signatures, clock);
    }

    @Test
    void zipMadeOnAMacCountsOnlyTheRealImage() throws Exception {
        Path source = TestImages.zip(downloads.resolve("mac-2.1.0.zip"), raw, "fw-2.1.0.img",
                "__MACOSX/._fw-2.1.0.img");

        FirmwareImage image = library.importImage(source);

        assertThat(image.rawSha256()).isEqualTo(TestImages.sha256(raw));
        assertThat(image.version()).contains("2.1.0");
    }

    @Test
    void releaseNeedsAtLeastOneModel() throws Exception {
        FirmwareImage image = library.importImage(TestImages.write(downloads.resolve("fw-1.0.img"), raw));

        assertThatThrownBy(() -> library.release(image.id(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models");
    }

    private Path make(ImageFormat format, String stem) throws Exception {
        Path file = downloads.resolve(stem + "." + format.extension());
        return switch (format) {
            case IMG -> TestImages.write(file, raw);
            case IMG_GZ -> TestImages.gzip(file, raw);
            case IMG_XZ -> TestImages.xz(file, raw);
            case IMG_ZST -> TestImages.zstd(file, raw);
            case ZIP -> TestImages.zip(file, raw, "docs/", stem + ".img");
        };
    }

    private List<String> libraryFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("firmware"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
