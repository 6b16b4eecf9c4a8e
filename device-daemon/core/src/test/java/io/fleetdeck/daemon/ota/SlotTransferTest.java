package io.fleetdeck.daemon.ota;

import com.sun.net.httpserver.HttpServer;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.JavaCommand;
import io.fleetdeck.testkit.images.TestImages;
import io.fleetdeck.testkit.ota.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static io.fleetdeck.daemon.ota.ImageInstallerTest.CAPACITY;
import static io.fleetdeck.daemon.ota.ImageInstallerTest.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The limits a download runs under (issue #9), driven through the {@link ImageInstaller} that owns the transfer:
 * no more bytes than the console serves (or twice the raw image when it did not say), no longer than the install
 * time limit, no xz that needs more than 128 MiB. Each failure leaves the running slot as it was.
 */
@Timeout(120)
class SlotTransferTest {
    /** An empty gzip member: valid, decompresses to nothing; a server can pad a stream with any number of them. */
    private static final byte[] EMPTY_GZIP_MEMBER = emptyGzipMember();

    @TempDir
    Path slotDir;
    @TempDir
    Path stateDir;
    @TempDir
    Path dir;

    private final ManifestSignatures signatures = new ManifestSignatures(new PayloadCodec());
    private final HttpClient http = HttpClient.newHttpClient();
    private final byte[] image = ImageInstallerTest.image(300_000);
    private final byte[] running = ImageInstallerTest.image(200_000);
    private KeyPair operator;
    private Map<KeyFingerprint, PublicKey> trusted;
    private ImageServer server;
    private HttpServer chunkedServer;
    private DirectorySlots slots;

    @BeforeEach
    void setUp() throws Exception {
        operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        trusted = Map.of(KeyFingerprint.of(operator.getPublic()), operator.getPublic());
        server = new ImageServer();
        slots = new DirectorySlots(slotDir, CAPACITY);
        Files.write(slots.file(Slot.A), running);
    }

    @AfterEach
    void tearDown() {
        server.close();
        if (chunkedServer != null) {
            chunkedServer.stop(0);
        }
    }

    @Test
    void refusesAServerThatSendsMoreThanTheServedSize() throws Exception {
        byte[] gzip = TestImages.encode(ImageFormat.IMG_GZ, image);
        URI uri = server.put("firmware.img.gz", padded(gzip, 10_000));

        InstallException e = failure(request(uri).withServedSize(gzip.length), settings());

        assertThat(e.reason()).isEqualTo(InstallFailure.TOO_LARGE);
        assertThat(e.getMessage()).contains("more than the " + gzip.length + " bytes the console serves");
        assertRunningSlotUntouchedAndNothingToResume();
    }

    @Test
    void countsTheBytesWhenTheServerDoesNotAnnounceALength() throws Exception {
        byte[] gzip = TestImages.encode(ImageFormat.IMG_GZ, image);
        URI uri = chunked("firmware.img.gz", padded(gzip, 10_000));

        InstallException e = failure(request(uri).withServedSize(gzip.length), settings());

        assertThat(e.reason()).isEqualTo(InstallFailure.TOO_LARGE);
        assertThat(e.offset().getAsLong()).isGreaterThan(gzip.length);
        assertRunningSlotUntouchedAndNothingToResume();
    }

    @Test
    void withoutAServedSizeAllowsTwiceTheRawImageAndAMebibyte() throws Exception {
        byte[] gzip = TestImages.encode(ImageFormat.IMG_GZ, image);
        int members = (int) ((2L * image.length + (1 << 20)) / EMPTY_GZIP_MEMBER.length) + 1;
        URI uri = server.put("firmware.img.gz", padded(gzip, members));

        InstallException e = failure(request(uri), settings());

        assertThat(e.reason()).isEqualTo(InstallFailure.TOO_LARGE);
        assertThat(e.getMessage()).contains("the " + (2L * image.length + (1 << 20)) + " bytes allowed");
        assertRunningSlotUntouchedAndNothingToResume();
    }

    @Test
    void installsAPaddedStreamThatStaysWithinTheServedSize() throws Exception {
        byte[] file = padded(TestImages.encode(ImageFormat.IMG_GZ, image), 100);
        URI uri = server.put("firmware.img.gz", file);

        new ImageInstaller(http, signatures, slots, MODEL, stateDir, settings())
                .install(request(uri).withServedSize(file.length), progress -> { });

        assertThat(Files.readAllBytes(slots.file(Slot.B))).isEqualTo(image);
    }

    @Test
    void givesUpWhenTheDownloadOutlastsTheInstallTimeLimit() throws Exception {
        URI uri = server.put("firmware.img", image);
        // 300 kB at 30 kB/s takes 10 s; the limit is 1 s.
        server.throttle(30_000);

        InstallException e = failure(request(uri), settings().withMaxInstallTime(Duration.ofSeconds(1)));

        assertThat(e.reason()).isEqualTo(InstallFailure.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).contains("longer than the install time limit of 0 min (1 s)");
        assertThat(e.offset().getAsLong()).isLessThan(image.length);
        assertThat(Files.readAllBytes(slots.file(Slot.A))).isEqualTo(running);
    }

    @Test
    void refusesAnXzThatNeedsMoreMemoryThanADeviceMayUse() throws Exception {
        URI uri = server.put("firmware.img.xz", xzDemanding(37, image));

        InstallException e = failure(request(uri), settings());

        assertThat(e.reason()).isEqualTo(InstallFailure.BAD_ARCHIVE);
        assertThat(e.getMessage()).contains("needs 1,536 MiB of memory, more than the 128 MiB");
        assertRunningSlotUntouchedAndNothingToResume();
    }

    /** The acceptance test: a 1.5 GiB dictionary refused in a 64 MiB heap, so without allocating it. */
    @Test
    void refusesAnXzWithA1_5GiBDictionaryWithoutRunningOutOfMemory() throws Exception {
        List<String> command = new ArrayList<>(JavaCommand.jvm());
        command.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"),
                SmallHeapXzInstall.class.getName(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(() -> childLog()).isZero();
        assertThat(childLog()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A small xz whose block header is patched to declare the LZMA2 dictionary {@code code} stands for
     * ({@code (2 | code & 1) << (code / 2 + 11)}: 37 is 1.5 GiB), with the header's CRC32 fixed. Writing such a file
     * for real would need the encoder to allocate the dictionary.
     */
    static byte[] xzDemanding(int code, byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(bytes, new LZMA2Options(1))) {
            out.write(raw);
        }
        byte[] xz = bytes.toByteArray();
        int header = 12;
        int headerSize = (xz[header] + 1) * 4;
        if (xz[header + 2] != 0x21) {
            throw new IllegalStateException("expected the LZMA2 filter first in the block header");
        }
        xz[header + 4] = (byte) code;
        CRC32 crc = new CRC32();
        crc.update(xz, header, headerSize - 4);
        ByteBuffer.wrap(xz, header + headerSize - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return xz;
    }

    private static byte[] emptyGzipMember() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] padded(byte[] gzip, int emptyMembers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(gzip);
        for (int i = 0; i < emptyMembers; i++) {
            out.writeBytes(EMPTY_GZIP_MEMBER);
        }
        return out.toByteArray();
    }

    /** Serves {@code content} without a Content-Length (chunked), as a server that does not say how much comes. */
    private URI chunked(String name, byte[] content) throws IOException {
        chunkedServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chunkedServer.createContext("/images/" + name, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content);
            } catch (IOException clientGaveUp) {
                // The installer hangs up once it has seen too much.
            }
        });
        chunkedServer.start();
        return URI.create("http://127.0.0.1:" + chunkedServer.getAddress().getPort() + "/images/" + name);
    }

    private InstallerSettings settings() {
        return new InstallerSettings(3, Duration.ofMillis(10), 64 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(5));
    }

    private InstallRequest request(URI uri) throws Exception {
        SignedManifest manifest = signatures.sign(new FirmwareManifest("2.0.0", List.of("Raspberry Pi 4"),
                image.length, MessageDigest.getInstance("SHA-256").digest(image), 1_700_000_000_000L), operator);
        return InstallRequest.of(manifest, trusted, uri, ImageServer.TOKEN, Slot.B);
    }

    private InstallException failure(InstallRequest request, InstallerSettings settings) {
        return catchThrowableOfType(InstallException.class, () -> {
            try (ImageInstaller installer = new ImageInstaller(http, signatures, slots, MODEL, stateDir, settings)) {
                installer.install(request, progress -> { });
            }
        });
    }

    private void assertRunningSlotUntouchedAndNothingToResume() throws IOException {
        assertThat(Files.readAllBytes(slots.file(Slot.A))).as("the running slot").isEqualTo(running);
        assertThat(stateDir.resolve(ImageInstaller.RESUME_FILE)).doesNotExist();
    }

    private String childLog() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
