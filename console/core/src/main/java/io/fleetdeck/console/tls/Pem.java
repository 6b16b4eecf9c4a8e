package io.fleetdeck.console.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text of EC private keys (PKCS#8) and X.509 certificates: what {@code openssl} reads and writes. */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private Pem() {
    }

    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate this console built cannot be encoded", e);
        }
    }

    /**
     * A PKCS#8 {@code PRIVATE KEY} block and the X.509 {@code PUBLIC KEY} block: the JDK cannot derive an EC public
     * key from the private one, and {@code openssl pkey} reads the first block.
     */
    static String keyPair(KeyPair pair) {
        return encode("PRIVATE KEY", pair.getPrivate().getEncoded()) + encode("PUBLIC KEY",
                pair.getPublic().getEncoded());
    }

    /** The DER of the first block of {@code type} in {@code text}. */
    static Optional<byte[]> block(String text, String type) {
        Matcher blocks = BLOCK.matcher(text);
        while (blocks.find()) {
            if (blocks.group(1).equals(type)) {
                return Optional.of(Base64.getMimeDecoder().decode(blocks.group(2)));
            }
        }
        return Optional.empty();
    }

    static X509Certificate parseCertificate(String text) throws GeneralSecurityException {
        byte[] der = block(text, "CERTIFICATE").orElseThrow(() -> new CertificateException("no CERTIFICATE block"));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    static KeyPair parseEcKeyPair(String text) throws GeneralSecurityException {
        byte[] privateDer = block(text, "PRIVATE KEY").orElseThrow(
                () -> new InvalidKeySpecException("no PRIVATE KEY block"));
        byte[] publicDer = block(text, "PUBLIC KEY").orElseThrow(
                () -> new InvalidKeySpecException("no PUBLIC KEY block"));
        KeyFactory factory = KeyFactory.getInstance("EC");
        return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
    }
}
