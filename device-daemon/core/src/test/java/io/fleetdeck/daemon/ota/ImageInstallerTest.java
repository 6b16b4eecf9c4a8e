package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.images.TestImages;
import io.fleetdeck.testkit.ota.ImageServer;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(60)
class ImageInstallerTest {
    static final String MODEL = "Raspberry Pi 4 Model B Rev 1.4";
    static final int CAPACITY = 4 << 20;

    @TempDir
    Path slotDir;
    @TempDir
    Path stateDir;

    private final ManifestSignatures signatures = new ManifestSignatures(new PayloadCodec());
    private final HttpClient http = HttpClient.newHttpClient();
    private KeyPair operator;
    private Map<KeyFingerprint, PublicKey> trusted;
    private ImageServer server;
    private DirectorySlots slots;
    private final byte[] image = image(300_000);
    private final List<InstallerProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        trusted = Map.of(KeyFingerprint.of(operator.getPublic()), operator.getPublic());
        server = new ImageServer();
        slots = new DirectorySlots(slotDir, CAPACITY);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Image-like bytes: runs of zeros (free space compresses) between pseudo-random blocks. */
    static byte[] image(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(42);
        for (int i = 0; i < size; i += 8192) {
            if ((i / 8192) % 3 != 0) {
                byte[] block = new byte[Math.min(8192, size - i)];
                random.nextBytes(block);
                System.arraycopy(block, 0, bytes, i, block.length);
            }
        }
        return bytes;
    }

    private ImageInstaller installer(int attempts) throws IOException {
        return new ImageInstaller(http, signatures, slots, MODEL, stateDir,
                new InstallerSettings(attempts, Duration.ofMillis(10), 64 * 1024, Duration.ofSeconds(10),
                        Duration.ofSeconds(2)));
    }

    private SignedManifest manifest(long rawSize, byte[] content) throws Exception {
        return signatures.sign(new FirmwareManifest("2.0.0", List.of("Raspberry Pi 4"), rawSize,
                MessageDigest.getInstance("SHA-256").digest(content), 1_700_000_000_000L), operator);
    }

    private SignedManifest manifest() throws Exception {
        return manifest(image.length, image);
    }

    private InstallRequest request(SignedManifest manifest, URI uri) {
        return InstallRequest.of(manifest, trusted, uri, ImageServer.TOKEN, Slot.B);
    }

    private InstallException failure(InstallRequest request) {
        return catchThrowableOfType(InstallException.class, () -> installer(3).install(request, progress::add));
    }

    /** A zip as Pi images come (the image in a folder beside a README); other formats as the writer makes them. */
    static byte[] encode(ImageFormat format, byte[] raw) throws IOException {
        return format == ImageFormat.ZIP
                ? zip(Map.of("README.txt", "flash me".getBytes(), "os/firmware.img", raw))
                : TestImages.encode(format, raw);
    }

    static byte[] zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (var member : new java.util.TreeMap<>(members).entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(member.getKey()));
                zip.write(member.getValue());
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static long rangeStart(ImageServer.Request request) {
        String range = request.range().orElseThrow();
        assertThat(range).matches("bytes=\\d+-");
        return Long.parseLong(range.substring(6, range.length() - 1));
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void installsEachFormatIntoTheInactiveSlot(ImageFormat format) throws Exception {
        URI uri = server.put("firmware-2.0.0" + format.suffix(), encode(format, image));

        InstallResult result = installer(3).install(request(manifest(), uri), progress::add);

        assertThat(result.slot()).isEqualTo(Slot.B);
        assertThat(result.resumes()).isZero();
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
        assertThat(slots.file(Slot.A)).doesNotExist();
        assertThat(progress.getLast()).isEqualTo(
                new InstallerProgress(InstallState.VERIFYING, 0, image.length, image.length));
        assertThat(progress).anyMatch(p -> p.state() == InstallState.DOWNLOADING && p.rawBytes() == image.length);
        assertThat(stateDir.resolve(ImageInstaller.RESUME_FILE)).doesNotExist();
    }

    @Test
    void resumesARawImageWithARangeRequestFromWhereTheConnectionBroke() throws Exception {
        URI uri = server.put("firmware.img", image);
        server.dropNextAfter(100_000);

        InstallResult result = installer(3).install(request(manifest(), uri), progress::add);

        assertThat(result.resumes()).isEqualTo(1);
        // The server wrote 100000 bytes before closing; a close can reset the last few in flight, so the right
        // offset is what arrived: the installer's durable record, never more than was sent and never 0.
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().getFirst().range()).isEmpty();
        assertThat(rangeStart(server.requests().get(1))).isBetween(1L, 100_000L);
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void resumesAfterADaemonRestartFromTheDurableOffset() throws Exception {
        URI uri = server.put("firmware.img", image);
        server.dropNextAfter(123_456);
        InstallException broken = catchThrowableOfType(InstallException.class,
                () -> installer(1).install(request(manifest(), uri), progress::add));
        assertThat(broken.reason()).isEqualTo(InstallFailure.DOWNLOAD_FAILED);
        long durable = broken.offset().orElseThrow();
        assertThat(durable).isBetween(1L, 123_456L);
        assertThat(Files.readString(stateDir.resolve(ImageInstaller.RESUME_FILE))).contains("offset=" + durable);

        // A new installer over the same state directory: what the daemon builds after a restart.
        InstallResult result = installer(3).install(request(manifest(), uri), progress::add);

        assertThat(result.resumes()).isZero();
        assertThat(server.requests()).extracting(ImageServer.Request::range)
                .containsExactly(Optional.empty(), Optional.of("bytes=" + durable + "-"));
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void startsOverWhenTheFileChangedSinceTheResumePoint() throws Exception {
        URI uri = server.put("firmware.img", image);
        server.dropNextAfter(100_000);
        catchThrowableOfType(InstallException.class,
                () -> installer(1).install(request(manifest(), uri), progress::add));
        Path record = stateDir.resolve(ImageInstaller.RESUME_FILE);
        Files.writeString(record, Files.readString(record).replaceAll("etag=.*", "etag=old"));

        InstallResult result = installer(3).install(request(manifest(), uri), progress::add);

        // If-Range with the old ETag: the server sends the whole file and the slot is rewritten from byte 0.
        assertThat(result.rawSha256()).isEqualTo(manifest().manifest().rawSha256());
        assertThat(rangeStart(server.requests().get(1))).isPositive();
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void restartsACompressedDownloadFromTheBeginningAfterABreak() throws Exception {
        URI uri = server.put("firmware.img.xz", encode(ImageFormat.IMG_XZ, image));
        server.dropNextAfter(5_000);

        InstallResult result = installer(3).install(request(manifest(), uri), progress::add);

        assertThat(result.resumes()).isEqualTo(1);
        assertThat(server.requests()).extracting(ImageServer.Request::range)
                .containsExactly(Optional.empty(), Optional.empty());
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void dropsAStalledConnectionAndResumesFromWhatArrived() throws Exception {
        URI uri = server.put("firmware.img", image);
        server.stallNextAfter(70_000);
        ImageInstaller installer = new ImageInstaller(http, signatures, slots, MODEL, stateDir,
                new InstallerSettings(3, Duration.ofMillis(10), 64 * 1024, Duration.ofSeconds(10),
                        Duration.ofMillis(300)));

        InstallResult result = installer.install(request(manifest(), uri), progress::add);

        assertThat(result.resumes()).isEqualTo(1);
        assertThat(server.requests()).extracting(ImageServer.Request::range)
                .containsExactly(Optional.empty(), Optional.of("bytes=70000-"));
        assertThat(progress).anyMatch(p -> p.rawBytes() == 70_000);
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void givesUpWithTheOffsetWhenTheConnectionKeepsBreaking() throws Exception {
        URI uri = server.put("firmware.img", image);
        server.dropNextAfter(50_000);
        InstallException e = catchThrowableOfType(InstallException.class,
                () -> installer(1).install(request(manifest(), uri), progress::add));
        assertThat(e.reason()).isEqualTo(InstallFailure.DOWNLOAD_FAILED);
        assertThat(e.offset().orElseThrow()).isBetween(1L, 50_000L);
    }

    @Test
    void rejectsATamperedManifestBeforeDownloadingAnything() throws Exception {
        URI uri = server.put("firmware.img", image);
        SignedManifest signed = manifest();
        FirmwareManifest m = signed.manifest();
        SignedManifest tampered = new SignedManifest(signed.v(), new FirmwareManifest(m.v(), "9.9.9", m.models(),
                m.rawSize(), m.rawSha256(), m.createdMs()), signed.key(), signed.signature());

        assertThat(failure(request(tampered, uri)).reason()).isEqualTo(InstallFailure.BAD_SIGNATURE);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void rejectsAnImageSignedByAnUnknownKey() throws Exception {
        URI uri = server.put("firmware.img", image);
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedManifest signed = signatures.sign(manifest().manifest(), stranger);

        assertThat(failure(request(signed, uri)).reason()).isEqualTo(InstallFailure.UNKNOWN_KEY);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void rejectsAnImageForAnotherModel() throws Exception {
        URI uri = server.put("firmware.img", image);
        SignedManifest zero = signatures.sign(new FirmwareManifest("2.0.0", List.of("Raspberry Pi Zero"),
                image.length, MessageDigest.getInstance("SHA-256").digest(image), 1L), operator);

        assertThat(failure(request(zero, uri)).reason()).isEqualTo(InstallFailure.WRONG_MODEL);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void rejectsAnImageLargerThanTheSlotBeforeDownloading() throws Exception {
        URI uri = server.put("firmware.img", image);
        InstallException e = failure(request(manifest(CAPACITY + 1L, image), uri));
        assertThat(e.reason()).isEqualTo(InstallFailure.TOO_LARGE);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void rejectsAStreamLongerThanItsManifestSays() throws Exception {
        URI uri = server.put("firmware.img.gz", encode(ImageFormat.IMG_GZ, image));
        byte[] shorter = Arrays.copyOf(image, 200_000);
        InstallException e = failure(request(manifest(shorter.length, shorter), uri));
        assertThat(e.reason()).isEqualTo(InstallFailure.TOO_LARGE);
        assertThat(e.offset().getAsLong()).isGreaterThan(200_000);
    }

    @Test
    void rejectsARawImageThatEndsEarly() throws Exception {
        URI uri = server.put("firmware.img", Arrays.copyOf(image, 250_000));
        InstallException e = failure(request(manifest(), uri));
        assertThat(e.reason()).isEqualTo(InstallFailure.TRUNCATED);
        assertThat(e.offset()).hasValue(250_000);
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"IMG_GZ", "IMG_XZ", "IMG_ZST"})
    void rejectsACompressedImageThatWasCutShort(ImageFormat format) throws Exception {
        byte[] compressed = encode(format, image);
        URI uri = server.put("firmware" + format.suffix(), Arrays.copyOf(compressed, compressed.length / 2));
        assertThat(failure(request(manifest(), uri)).reason()).isEqualTo(InstallFailure.TRUNCATED);
    }

    @Test
    void rejectsAnImageWhoseReadBackHashDiffers() throws Exception {
        byte[] other = image.clone();
        other[1000] ^= 1;
        URI uri = server.put("firmware.img", other);
        InstallException e = failure(request(manifest(), uri));

        assertThat(e.reason()).isEqualTo(InstallFailure.HASH_MISMATCH);
        assertThat(stateDir.resolve(ImageInstaller.RESUME_FILE)).as("a wrong image is not resumed").doesNotExist();
        assertThat(e.expectedSha256()).contains(manifest().manifest().rawSha256());
        assertThat(e.actualSha256()).contains(java.util.HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(other)));
    }

    @Test
    void reportsTheStatusWhenTheServerRefusesTheToken() throws Exception {
        URI uri = server.put("firmware.img", image);
        InstallRequest wrongToken = new InstallRequest(manifest(), trusted, uri, "stale", Slot.B, ImageFormat.IMG);
        InstallException e = failure(wrongToken);
        assertThat(e.reason()).isEqualTo(InstallFailure.DOWNLOAD_FAILED);
        assertThat(e.httpStatus()).hasValue(401);
    }

    @Test
    void rejectsAZipWithTwoImages() throws Exception {
        URI uri = server.put("firmware.zip", zip(Map.of("a.img", image, "b.img", image)));
        assertThat(failure(request(manifest(), uri)).reason()).isEqualTo(InstallFailure.BAD_ARCHIVE);
    }

    @Test
    void rejectsAZipWithoutAnImage() throws Exception {
        URI uri = server.put("firmware.zip", zip(Map.of("README.txt", image)));
        assertThat(failure(request(manifest(), uri)).reason()).isEqualTo(InstallFailure.BAD_ARCHIVE);
    }

    @Test
    void neverUsesAZipMemberNameAsAPath() throws Exception {
        URI uri = server.put("firmware.zip", zip(Map.of("../../escaped.img", image)));
        installer(3).install(request(manifest(), uri), progress::add);
        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
        assertThat(slotDir.getParent().resolve("escaped.img")).doesNotExist();
        assertThat(slotDir.resolve("escaped.img")).doesNotExist();
    }

    @Test
    void neverWritesTheCommittedSlot() throws Exception {
        URI uri = server.put("firmware.img", image);
        InstallRequest toActive = InstallRequest.of(manifest(), trusted, uri, ImageServer.TOKEN, Slot.A);
        assertThatThrownBy(() -> installer(3).install(toActive, progress::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(slots.file(Slot.A)).doesNotExist();
    }

    @Test
    void refusesAnImageTheDiskCannotHold() throws Exception {
        URI uri = server.put("firmware.img", image);
        SlotStore nearlyFull = new NearlyFullSlots(slots, 1000);
        ImageInstaller installer = new ImageInstaller(http, signatures, nearlyFull, MODEL, stateDir,
                InstallerSettings.defaults());
        InstallException e = catchThrowableOfType(InstallException.class,
                () -> installer.install(request(manifest(), uri), progress::add));
        assertThat(e.reason()).isEqualTo(InstallFailure.NO_SPACE);
        assertThat(server.requests()).isEmpty();
    }
}
