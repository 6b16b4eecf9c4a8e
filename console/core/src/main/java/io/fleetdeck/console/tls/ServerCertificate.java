package io.fleetdeck.console.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The broker's and the image server's certificate, signed by the {@link ConsoleCa} and kept beside it
 * ({@code server-key.pem} 0600, {@code server.pem}). Unlike the CA it is disposable: it is issued again whenever it
 * no longer fits — missing or damaged files, another CA, another set of names (the console was bound elsewhere or an
 * interface got a new address), or fewer than 30 days left — and devices accept the new one because they trust the CA.
 *
 * @param keyPair     the server's EC P-256 key
 * @param certificate its certificate
 */
public record ServerCertificate(KeyPair keyPair, X509Certificate certificate) {
    public static final String KEY_FILE = "server-key.pem";
    public static final String CERTIFICATE_FILE = "server.pem";
    /** A year, so the renewal below runs now and then on its own and is not first tried after a decade. */
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);

    /** The certificate in {@code tlsDirectory} when it still fits {@code names}, else a new one (written there). */
    public static ServerCertificate loadOrIssue(ConsoleCa ca, Path tlsDirectory, ServerNames names, Clock clock) {
        Path keyFile = tlsDirectory.resolve(KEY_FILE);
        Path certificateFile = tlsDirectory.resolve(CERTIFICATE_FILE);
        Instant now = clock.instant();
        Optional<String> unfit = Optional.of("it does not exist yet");
        if (Files.exists(keyFile) && Files.exists(certificateFile)) {
            try {
                ServerCertificate stored = new ServerCertificate(ConsoleCa.readKeyPair(keyFile),
                        ConsoleCa.readCertificate(certificateFile));
                unfit = stored.unfitFor(ca, names, now);
                if (unfit.isEmpty()) {
                    return stored;
                }
            } catch (TlsMaterialException e) {
                unfit = Optional.of(e.getMessage());
            }
        }
        return issue(ca, keyFile, certificateFile, names, now, unfit.get());
    }

    /**
     * A certificate for {@code names} that lives in memory only: for a short-lived server beside the console's own
     * (the image server of {@code fleetdeck deploy}), which must not replace the stored one the console uses.
     */
    public static ServerCertificate issueInMemory(ConsoleCa ca, ServerNames names, Clock clock) {
        KeyPair pair = Certificates.newP256KeyPair();
        try {
            return new ServerCertificate(pair, ca.issue(pair.getPublic(), names, clock.instant(), VALIDITY));
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(ca.certificateFile(), "cannot issue a server certificate", e);
        }
    }

    /** Why this certificate must be issued again, or empty when it is fine. */
    Optional<String> unfitFor(ConsoleCa ca, ServerNames names, Instant now) {
        try {
            if (!Certificates.pairs(keyPair.getPrivate(), certificate.getPublicKey())) {
                return Optional.of("its key and certificate do not belong together");
            }
            certificate.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("it was not signed by this console's CA");
        }
        try {
            ServerNames current = ServerNames.of(certificate);
            if (!current.equals(names)) {
                return Optional.of("its names " + current + " are not " + names);
            }
        } catch (GeneralSecurityException e) {
            return Optional.of("its names cannot be read");
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.minus(RENEW_BEFORE).isBefore(now)) {
            return Optional.of("it expires on " + notAfter);
        }
        return Optional.empty();
    }

    private static ServerCertificate issue(ConsoleCa ca, Path keyFile, Path certificateFile, ServerNames names,
                                           Instant now, String why) {
        KeyPair pair = Certificates.newP256KeyPair();
        X509Certificate certificate;
        try {
            certificate = ca.issue(pair.getPublic(), names, now, VALIDITY);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(certificateFile, "cannot issue a server certificate", e);
        }
        // Key first: a crash before the certificate leaves a pair that does not match, which is issued again.
        ConsoleCa.write(keyFile, Pem.keyPair(pair), ConsoleCa.OWNER_ONLY);
        ConsoleCa.write(certificateFile, Pem.certificate(certificate), null);
        log.info("Issued the server certificate for {} {} (valid until {}): {}", names.dnsNames(),
                names.ipAddresses(), certificate.getNotAfter().toInstant(), why);
        return new ServerCertificate(pair, certificate);
    }
}
