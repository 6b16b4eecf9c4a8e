package io.fleetdeck.console.tls;

import io.fleetdeck.common.files.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The console's own certificate authority: an EC P-256 key and a self-signed certificate valid for ten years, made on
 * first start in {@code <data>/tls/} ({@code ca-key.pem} 0600, {@code ca.pem}). It signs the server certificate of the
 * broker and the image server; devices trust exactly this CA ({@link #caCertificatePem()}, delivered at adoption or
 * provisioned), so a damaged CA is refused rather than silently replaced.
 */
public final class ConsoleCa {
    public static final String KEY_FILE = "ca-key.pem";
    public static final String CERTIFICATE_FILE = "ca.pem";
    static final Duration VALIDITY = Duration.ofDays(3650);
    /** Clocks of the console and the devices differ a little; a certificate valid "from now" would fail on some. */
    static final Duration BACKDATE = Duration.ofHours(1);
    static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Logger log = LoggerFactory.getLogger(ConsoleCa.class);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Path certificateFile;

    private ConsoleCa(PrivateKey key, X509Certificate certificate, Path certificateFile) {
        this.key = key;
        this.certificate = certificate;
        this.certificateFile = certificateFile;
    }

    /**
     * Loads the CA from {@code tlsDirectory}, making it on first use. The key is written before the certificate: a
     * crash between the two leaves a key without certificate, which the next start certifies again (nobody can have
     * been given the missing certificate).
     *
     * @throws TlsMaterialException when a file cannot be read or written, or does not hold a matching EC key and CA
     */
    public static ConsoleCa loadOrCreate(Path tlsDirectory, Clock clock) {
        Path keyFile = tlsDirectory.resolve(KEY_FILE);
        Path certificateFile = tlsDirectory.resolve(CERTIFICATE_FILE);
        if (!Files.exists(keyFile)) {
            if (Files.exists(certificateFile)) {
                throw new TlsMaterialException(keyFile, "missing while " + certificateFile.getFileName()
                        + " exists; restore it from a backup, or move the whole tls directory aside to start a new"
                        + " CA (devices must then be given the new one)", null);
            }
            KeyPair pair = Certificates.newP256KeyPair();
            write(keyFile, Pem.keyPair(pair), OWNER_ONLY);
            return certify(pair.getPrivate(), pair.getPublic(), certificateFile, clock);
        }
        KeyPair pair = readKeyPair(keyFile);
        PrivateKey key = pair.getPrivate();
        warnIfReadableByOthers(keyFile);
        if (!Files.exists(certificateFile)) {
            log.warn("{} has no {}; certifying the key again", keyFile, certificateFile.getFileName());
            return certify(key, pair.getPublic(), certificateFile, clock);
        }
        X509Certificate certificate = readCertificate(certificateFile);
        try {
            if (!Certificates.pairs(key, certificate.getPublicKey())) {
                throw new TlsMaterialException(certificateFile, "does not belong to " + keyFile.getFileName(), null);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(keyFile, "cannot check it against " + certificateFile.getFileName(), e);
        }
        if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
            log.warn("The console CA in {} expired on {}; devices will refuse its certificates", certificateFile,
                    certificate.getNotAfter().toInstant());
        }
        return new ConsoleCa(key, certificate, certificateFile);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM, what a device writes to its {@code broker.ca-file} to trust this console. */
    public String caCertificatePem() {
        return Pem.certificate(certificate);
    }

    /** Where {@link #caCertificatePem()} is kept, for clients on this machine (e.g. {@code fleetdeck deploy}). */
    public Path certificateFile() {
        return certificateFile;
    }

    /** Signs a server certificate for {@code subjectKey} valid for {@code names} from now for {@code validity}. */
    X509Certificate issue(PublicKey subjectKey, ServerNames names, Instant now, Duration validity)
            throws GeneralSecurityException {
        Instant notAfter = now.plus(validity);
        Instant caEnd = certificate.getNotAfter().toInstant();
        // A certificate outliving its CA would only fail later, with a less clear message.
        return Certificates.server(certificate, key, subjectKey, names, now.minus(BACKDATE),
                notAfter.isAfter(caEnd) ? caEnd : notAfter);
    }

    private static ConsoleCa certify(PrivateKey key, PublicKey publicKey, Path certificateFile, Clock clock) {
        Instant now = clock.instant();
        String name = "Fleetdeck console CA " + HexFormat.of().formatHex(fingerprint(publicKey));
        try {
            X509Certificate certificate = Certificates.selfSignedCa(new KeyPair(publicKey, key), name,
                    now.minus(BACKDATE), now.plus(VALIDITY));
            write(certificateFile, Pem.certificate(certificate), null);
            log.info("Created the console CA \"{}\" in {}, valid until {}", name, certificateFile.getParent(),
                    certificate.getNotAfter().toInstant());
            return new ConsoleCa(key, certificate, certificateFile);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(certificateFile, "cannot make the CA certificate", e);
        }
    }

    /** The first 4 bytes of the key's SHA-256: tells two consoles' CAs apart in a certificate viewer. */
    private static byte[] fingerprint(PublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return Arrays.copyOf(digest, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads a key file: its halves must belong together, so a hand edit cannot pair two keys' halves. */
    static KeyPair readKeyPair(Path file) {
        try {
            KeyPair pair = Pem.parseEcKeyPair(Files.readString(file, StandardCharsets.US_ASCII));
            if (!Certificates.pairs(pair.getPrivate(), pair.getPublic())) {
                throw new TlsMaterialException(file, "its public key does not belong to its private key", null);
            }
            return pair;
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot read it", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsMaterialException(file, "does not hold an EC key pair (PRIVATE KEY and PUBLIC KEY)", e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        try {
            return Pem.parseCertificate(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot read it", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsMaterialException(file, "does not hold a PEM certificate", e);
        }
    }

    static void write(Path file, String pem, Set<PosixFilePermission> permissions) {
        try {
            DurableFiles.writeAtomically(file, pem, posix() ? permissions : null);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot write it", e);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                log.warn("{} is readable by others; it should be rw------- (chmod 600)", file);
            }
        } catch (IOException e) {
            log.debug("cannot read the mode of {}", file, e);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
