package io.fleetdeck.console.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Builds the console's X.509 certificates with BouncyCastle's builder, signing through the JDK's own EC provider
 * (no BouncyCastle provider is registered, so nothing else in the JVM changes behaviour).
 */
final class Certificates {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    static KeyPair newP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC P-256", e);
        }
    }

    /** A self-signed CA that may sign end-entity certificates only (path length 0). */
    static X509Certificate selfSignedCa(KeyPair pair, String commonName, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                Date.from(notAfter), name, pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode the CA's extensions", e);
        }
        return sign(builder, pair.getPrivate());
    }

    /** A TLS server certificate for {@code names}, signed by the CA. */
    static X509Certificate server(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, ServerNames names,
                                  Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        String commonName = !names.dnsNames().isEmpty() ? names.dnsNames().first() : names.ipAddresses().first();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + commonName), subjectKey);
        List<GeneralName> alternatives = new ArrayList<>();
        names.dnsNames().forEach(dns -> alternatives.add(new GeneralName(GeneralName.dNSName, dns)));
        names.ipAddresses().forEach(ip -> alternatives.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(ca));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode the server certificate's extensions", e);
        }
        return sign(builder, caKey);
    }

    /** Whether {@code privateKey} is the private half of {@code publicKey}: a probe signature tells. */
    static boolean pairs(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "fleetdeck tls key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(SIGNATURE);
        signer.initSign(privateKey);
        signer.update(probe);
        Signature verifier = Signature.getInstance(SIGNATURE);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signer.sign());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
        }
    }

    /** 127 random bits: positive, unique in practice, within RFC 5280's 20 octets. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(0);
    }
}
