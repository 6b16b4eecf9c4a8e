package io.fleetdeck.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context that trusts only the certificates of one PEM file (the console's CA), not the JDK's public
 * CAs: a lab LAN has no business presenting a certificate from a public CA for a console's address, and trusting
 * them would let anyone with such a certificate pose as the console. Host names are checked by the caller
 * ({@code HTTPS} endpoint identification in Paho and the JDK HTTP client).
 */
public final class CaTrust {
    private CaTrust() {
    }

    /**
     * Reads {@code caFile} (one or more PEM certificates) at every call, so a CA delivered later (at adoption) is
     * used by the next connection without a restart.
     *
     * @throws CaFileException when the file cannot be read or holds no certificate
     */
    public static SSLContext context(Path caFile) {
        return context(certificates(caFile), caFile);
    }

    /** The certificates of a PEM file. */
    public static List<X509Certificate> certificates(Path caFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(caFile);
        } catch (IOException e) {
            throw new CaFileException(caFile, "cannot read it (" + e.getMessage() + ")", e);
        }
        Collection<? extends Certificate> parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (GeneralSecurityException e) {
            throw new CaFileException(caFile, "not a PEM certificate (" + e.getMessage() + ")", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : parsed) {
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw new CaFileException(caFile, "holds no certificate", null);
        }
        return certificates;
    }

    private static SSLContext context(List<X509Certificate> anchors, Path source) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new CaFileException(source, "cannot build a trust store from it (" + e.getMessage() + ")", e);
        }
    }
}
