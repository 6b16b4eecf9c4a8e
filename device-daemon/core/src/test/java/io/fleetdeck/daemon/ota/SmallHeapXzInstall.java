package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.ota.ImageServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Installs an xz whose header asks for a 1.5 GiB dictionary, in a JVM started with a heap far smaller than that.
 * Exits 0 when the install is refused as {@code BAD_ARCHIVE} naming the memory it needs; a decoder without a memory
 * limit would allocate the dictionary and die of {@link OutOfMemoryError} instead.
 */
final class SmallHeapXzInstall {
    private SmallHeapXzInstall() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] raw = new byte[64 * 1024];
        ManifestSignatures signatures = new ManifestSignatures(new PayloadCodec());
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedManifest manifest = signatures.sign(new FirmwareManifest("2.0.0", List.of("Raspberry Pi 4"), raw.length,
                MessageDigest.getInstance("SHA-256").digest(raw), 1_700_000_000_000L), operator);
        try (ImageServer server = new ImageServer();
             HttpClient http = HttpClient.newHttpClient();
             ImageInstaller installer = new ImageInstaller(http, signatures,
                     new DirectorySlots(dir.resolve("slots"), ImageInstallerTest.CAPACITY), ImageInstallerTest.MODEL,
                     dir.resolve("state"), new InstallerSettings(1, Duration.ofMillis(10), 64 * 1024,
                     Duration.ofSeconds(10), Duration.ofSeconds(5)))) {
            URI uri = server.put("greedy.img.xz", SlotTransferTest.xzDemanding(37, raw));
            installer.install(InstallRequest.of(manifest, Map.of(KeyFingerprint.of(operator.getPublic()),
                    operator.getPublic()), uri, ImageServer.TOKEN, Slot.B), progress -> { });
            System.out.println("installed an xz that needs 1.5 GiB to decompress");
            System.exit(3);
        } catch (InstallException e) {
            System.out.println(e.reason() + " " + e.getMessage());
            System.exit(e.reason() == io.fleetdeck.model.InstallFailure.BAD_ARCHIVE
                    && e.getMessage().contains("needs 1,536 MiB of memory, more than the 128 MiB") ? 0 : 4);
        }
    }
}
