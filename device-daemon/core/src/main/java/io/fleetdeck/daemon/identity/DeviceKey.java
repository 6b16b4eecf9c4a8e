package io.fleetdeck.daemon.identity;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.KeyFingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The device's Ed25519 key pair, generated once and kept in {@code <stateDir>/device-key.pem} (PKCS#8 PEM, mode
 * 0600; {@code openssl pkey -in device-key.pem -pubout} prints its public half). Its {@link KeyFingerprint} goes into
 * the mDNS announcement so the console can pin it.
 */
public final class DeviceKey {
    public static final String FILE = "device-key.pem";
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final KeyPair pair;
    private final KeyFingerprint fingerprint;

    private DeviceKey(KeyPair pair) {
        this.pair = Objects.requireNonNull(pair, "pair");
        this.fingerprint = KeyFingerprint.of(pair.getPublic());
    }

    /** A fresh key that lives only in memory: virtual devices without a state directory. */
    public static DeviceKey generate() {
        return new DeviceKey(generator(new SecureRandom()).generateKeyPair());
    }

    /** Loads the key from {@code stateDir}, generating and persisting it (before use) on first start. */
    public static DeviceKey loadOrCreate(Path stateDir) throws IdentityException {
        Path file = stateDir.resolve(FILE);
        try {
            return new DeviceKey(parse(file, Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException absent) {
            DeviceKey key = generate();
            try {
                DurableFiles.writeAtomically(file, pem(key.pair.getPrivate()), OWNER_ONLY);
            } catch (IOException | UnsupportedOperationException e) {
                throw new IdentityException(file, "cannot persist the new device key (is the state directory "
                        + "writable?): " + e.getMessage(), e);
            }
            return key;
        } catch (IOException e) {
            throw new IdentityException(file, "cannot read the device key: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public PrivateKey privateKey() {
        return pair.getPrivate();
    }

    /** Both halves, for signing install reports and command responses. */
    public KeyPair keyPair() {
        return pair;
    }

    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    private static KeyPair parse(Path file, String text) throws IdentityException {
        String body = text.strip();
        if (!body.startsWith(BEGIN) || !body.endsWith(END)) {
            throw new IdentityException(file, "not a PKCS#8 PEM private key", null);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.substring(BEGIN.length(), body.length() - END.length()));
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeyPair(publicOf((EdECPrivateKey) key), key);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IdentityException(file, "not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK has no API from an Ed25519 private key to its public key, and the PKCS#8 it writes omits the public
     * half. An Ed25519 private key is just 32 random bytes, so generating a pair from a "random" source that yields
     * exactly those bytes recomputes the same pair; one file then can never hold a mismatched pair.
     */
    private static PublicKey publicOf(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("private key bytes hidden"));
        SecureRandom replay = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        return generator(replay).generateKeyPair().getPublic();
    }

    private static KeyPairGenerator generator(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, random);
            return generator;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    private static String pem(PrivateKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded()) + "\n"
                + END + "\n";
    }
}
