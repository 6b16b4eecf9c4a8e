package io.fleetdeck.console.firmware;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's Ed25519 signing key, made on first use and kept in {@code operator-key.pem} in the data dir.
 *
 * <p>The file holds a PKCS#8 {@code PRIVATE KEY} block followed by the X.509 {@code PUBLIC KEY} block: the JDK cannot
 * derive an Ed25519 public key from a PKCS#8 v1 private key, and storing both keeps the file readable by
 * {@code openssl pkey}. On load the pair is checked by a test signature, so a hand-edited file cannot pair one key's
 * private half with another's public half.
 */
public final class OperatorKey {
    public static final String FILE_NAME = "operator-key.pem";
    private static final Logger log = LoggerFactory.getLogger(OperatorKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private final KeyPair keyPair;
    private final KeyFingerprint fingerprint;

    private OperatorKey(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.fingerprint = KeyFingerprint.of(keyPair.getPublic());
    }

    /** Loads the key from {@code dataDir}, creating it (and the directory) on first use. */
    public static OperatorKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                OperatorKey key = new OperatorKey(read(file));
                warnIfReadableByOthers(file);
                log.info("Loaded operator key {} from {}", key.fingerprint, file);
                return key;
            }
            OperatorKey key = new OperatorKey(generate());
            write(file, key.keyPair);
            log.info("Created operator key {} in {}", key.fingerprint, file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the operator key " + file, e);
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /**
     * The public half as PEM ({@code -----BEGIN PUBLIC KEY-----}), the form a device's {@code ota.trusted-keys-dir}
     * takes: an image that carries it trusts this console from the first boot, without a pairing code.
     */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[]{'\n'})
                .encodeToString(keyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    private static void write(Path file, KeyPair pair) throws IOException {
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path temp = file.resolveSibling("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
        // The mode is part of the create call, so there is no moment when the private key sits in a readable file.
        FileAttribute<?>[] attributes = posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            if (posix()) {
                // The umask can only remove bits; set the mode explicitly anyway so it is exactly 0600.
                Files.setPosixFilePermissions(temp, OWNER_ONLY);
            }
            ByteBuffer bytes = ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        DurableFiles.publish(temp, file);
    }

    private static KeyPair read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher blocks = BLOCK.matcher(text);
        while (blocks.find()) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.group(2));
            switch (blocks.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                default -> { }
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IOException(file + " lacks a PRIVATE KEY or PUBLIC KEY block");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(publicDer));
            KeyPair pair = new KeyPair(publicKey, privateKey);
            requireMatchingHalves(pair, file);
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " does not hold an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    private static void requireMatchingHalves(KeyPair pair, Path file) throws GeneralSecurityException, IOException {
        byte[] probe = "fleetdeck operator key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IOException(file + " holds a public key that does not belong to its private key");
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            log.warn("Operator key {} has mode {}; it should be rw------- (chmod 600)", file,
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
