package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.daemon.ota.BootResult;
import io.fleetdeck.daemon.ota.ImageInstaller;
import io.fleetdeck.daemon.ota.InstallRequest;
import io.fleetdeck.daemon.ota.InstallResult;
import io.fleetdeck.daemon.ota.InstallerSettings;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.images.TestImages;
import io.fleetdeck.testkit.ota.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Pi path on a fixture card: a signed .img.xz slot image over real HTTP into the boot/root partitions of
 * slot B with a broken connection on the way, the trial mark, reboot "0 tryboot", the trial boot and the commit.
 */
@Timeout(60)
class TrybootInstallTest {
    private static final String MODEL = "Raspberry Pi 4 Model B Rev 1.4";
    @TempDir
    Path dir;

    private final ManifestSignatures signatures = new ManifestSignatures(new PayloadCodec());
    private ImageServer server;
    private TrybootCard card;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImageServer();
        card = new TrybootCard(dir.resolve("card"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void installsASignedSlotImageAndBootsItOnTrialUntilCommitted() throws Exception {
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] image = TrybootSlotsTest.slotImage(11);
        SignedManifest manifest = signatures.sign(new FirmwareManifest("2.0.0", List.of("Raspberry Pi 4"),
                image.length, MessageDigest.getInstance("SHA-256").digest(image), 1_700_000_000_000L), operator);
        URI uri = server.put("slot.img.xz", TestImages.encode(ImageFormat.IMG_XZ, image));
        server.dropNextAfter(20_000);

        TrybootSlots slots = card.slots();
        ImageInstaller installer = new ImageInstaller(HttpClient.newHttpClient(), signatures, slots,
                MODEL, dir.resolve("state"), new InstallerSettings(3, Duration.ofMillis(10),
                64 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(2)));
        InstallResult result = installer.install(InstallRequest.of(manifest,
                Map.of(KeyFingerprint.of(operator.getPublic()), operator.getPublic()), uri, ImageServer.TOKEN,
                slots.inactive()), progress -> { });
        assertThat(result.slot()).isEqualTo(Slot.B);
        assertThat(result.resumes()).isEqualTo(1);

        slots.markTrying(Slot.B);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("reboot"), "#!/bin/sh\nprintf '%s' \"$1\" > \"$(dirname \"$0\")/../asked\"\n");
        Files.setPosixFilePermissions(bin.resolve("reboot"), PosixFilePermissions.fromString("rwxr-xr-x"));
        new TrybootRebooter(TrybootRebooter.processRunner(bin + ":/usr/bin:/bin"), Duration.ofSeconds(20))
                .rebootToTrial();
        assertThat(Files.readString(dir.resolve("asked"))).isEqualTo("0 tryboot");

        card.powerOn(true);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, true, Optional.empty()));
        card.slots().commit();
        card.powerOn(false);
        assertThat(card.slots().boot()).isEqualTo(new BootResult(Slot.B, false, Optional.empty()));
    }
}
