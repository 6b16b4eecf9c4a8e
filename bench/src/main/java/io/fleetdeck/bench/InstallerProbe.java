package io.fleetdeck.bench;

import io.fleetdeck.daemon.ota.DirectorySlots;
import io.fleetdeck.daemon.ota.ImageHttpClient;
import io.fleetdeck.daemon.ota.ImageInstaller;
import io.fleetdeck.daemon.ota.InstallRequest;
import io.fleetdeck.daemon.ota.InstallerSettings;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device's write path alone, in its own JVM: the daemon's {@link ImageInstaller} (signature check, HTTP download
 * from the console's image server, streamed 1 MiB writes into the slot file, fsync and resume point every checkpoint,
 * then fsync and read-back with SHA-256) into a fresh {@link DirectorySlots}, with the daemon's default
 * {@link InstallerSettings} and an HTTP client built as the daemon builds it. The manifest is signed here with a
 * throw-away key the installer is told to trust: signing is the console's business, not what is measured.
 * Command {@code install NAME DIR} installs into {@code DIR} and prints {@code @ NAME WRITE_MS TOTAL_MS CPU_S},
 * where WRITE_MS ends when the installer reports VERIFYING (everything is written and checkpointed), TOTAL_MS when
 * {@code install} returns (read back and verified) and CPU_S is this JVM's CPU time over the install.
 */
public final class InstallerProbe {
    private InstallerProbe() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        URI url = URI.create(args.text("url"));
        String token = args.text("token");
        long size = Long.parseLong(args.text("size"));
        long capacity = Long.parseLong(args.text("capacity"));
        PayloadCodec codec = new PayloadCodec();
        ManifestSignatures signatures = new ManifestSignatures(codec);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedManifest manifest = signatures.sign(new FirmwareManifest(args.text("version"), List.of("simulated"),
                size, HexFormat.of().parseHex(args.text("sha256")), System.currentTimeMillis()), key);
        Map<KeyFingerprint, java.security.PublicKey> trusted = Map.of(KeyFingerprint.of(key.getPublic()),
                key.getPublic());
        HttpClient http = ImageHttpClient.create(); // exactly as the daemon builds it
        ResultLines.put("ready", "1");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] command = line.strip().split(" ");
            if (!command[0].equals("install")) {
                break;
            }
            Path dir = Path.of(command[2]);
            DirectorySlots slots = new DirectorySlots(dir.resolve("slots"), capacity);
            AtomicLong verifyingNs = new AtomicLong();
            try (ImageInstaller installer = new ImageInstaller(http, signatures, slots, "simulated", dir,
                    InstallerSettings.defaults())) {
                long pid = ProcessHandle.current().pid();
                double cpuStart = ProcessCpu.seconds(pid);
                long start = System.nanoTime();
                installer.install(InstallRequest.of(manifest, trusted, url, token, Slot.B), progress -> {
                    if (progress.state() == InstallState.VERIFYING) {
                        verifyingNs.compareAndSet(0, System.nanoTime());
                    }
                });
                long end = System.nanoTime();
                ResultLines.put(command[1], ((verifyingNs.get() - start) / 1_000_000.0) + " "
                        + ((end - start) / 1_000_000.0) + " " + (ProcessCpu.seconds(pid) - cpuStart));
            } catch (Exception e) {
                e.printStackTrace();
                ResultLines.put("error", command[1] + ": " + e);
            }
        }
    }
}
