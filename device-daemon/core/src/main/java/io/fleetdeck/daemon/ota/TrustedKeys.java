package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 keys this device accepts signed manifests from: one PEM file per key ({@code SHA256_<fingerprint>.pub},
 * {@code -----BEGIN PUBLIC KEY-----}) in {@code <stateDir>/trusted-keys/}, written by {@code cmd/trust-key}, and
 * optionally keys provisioned read-only in another directory ({@code ota.trusted-keys-dir}). The first key offered
 * over MQTT is taken (trust on first adoption); another only after a technician deletes the file on the device, so
 * whoever reaches the broker cannot take the fleet over.
 */
public final class TrustedKeys {
    public static final String DIRECTORY = "trusted-keys";
    private static final Logger log = LoggerFactory.getLogger(TrustedKeys.class);
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    /** What {@link #trust} did. */
    public enum Outcome {
        /** The device trusted no key yet and now trusts this one. */
        ADDED,
        /** The device already trusted this key. */
        ALREADY_TRUSTED,
        /** The device trusts another key; nothing changed. */
        REFUSED
    }

    private final Path adopted;
    private final Optional<Path> provisioned;

    /**
     * @param stateDir    the adopted keys live in {@code stateDir/trusted-keys}
     * @param provisioned a directory of {@code *.pub} keys placed by the technician or the image, read only
     */
    public TrustedKeys(Path stateDir, Optional<Path> provisioned) {
        this.adopted = stateDir.resolve(DIRECTORY);
        this.provisioned = provisioned;
    }

    /** The directory adopted keys are written to; deleting a file there lets another console adopt the device. */
    public Path adoptedDirectory() {
        return adopted;
    }

    /** Every readable trusted key by fingerprint; an unreadable file is logged and left out. */
    public synchronized Map<KeyFingerprint, PublicKey> all() throws IOException {
        Map<KeyFingerprint, PublicKey> keys = new LinkedHashMap<>();
        for (Path file : files()) {
            try {
                PublicKey key = parse(Files.readString(file, StandardCharsets.US_ASCII));
                keys.put(KeyFingerprint.of(key), key);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                log.warn("ignoring trusted key file {}: not a PEM Ed25519 public key ({})", file, e.getMessage());
            }
        }
        return keys;
    }

    /** Trust on first adoption: see {@link Outcome}. */
    public synchronized Outcome trust(PublicKey key) throws IOException {
        KeyFingerprint fingerprint = KeyFingerprint.of(key);
        if (all().containsKey(fingerprint)) {
            return Outcome.ALREADY_TRUSTED;
        }
        // Any key file, even one that cannot be read, means someone chose a key for this device.
        if (!files().isEmpty()) {
            return Outcome.REFUSED;
        }
        Path file = adopted.resolve(fileName(fingerprint));
        DurableFiles.writeAtomically(file, pem(key));
        log.info("now trusting manifests signed by {} ({})", fingerprint, file);
        return Outcome.ADDED;
    }

    /** The key files that decide trust, adopted and provisioned. */
    public synchronized List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>(list(adopted));
        if (provisioned.isPresent()) {
            files.addAll(list(provisioned.get()));
        }
        return files;
    }

    /** {@code SHA256:ab+c/d…} → {@code SHA256_ab-c_d….pub}: a fingerprint is base64, whose / cannot be in a name. */
    static String fileName(KeyFingerprint fingerprint) {
        return fingerprint.value().replace(':', '_').replace('/', '_').replace('+', '-') + ".pub";
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path file : stream) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        return files;
    }

    static PublicKey parse(String text) throws GeneralSecurityException {
        String body = text.strip();
        if (!body.startsWith(BEGIN) || !body.endsWith(END)) {
            throw new IllegalArgumentException("no " + BEGIN + " block");
        }
        byte[] der = Base64.getMimeDecoder().decode(body.substring(BEGIN.length(), body.length() - END.length()));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    static String pem(PublicKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded()) + "\n"
                + END + "\n";
    }
}
