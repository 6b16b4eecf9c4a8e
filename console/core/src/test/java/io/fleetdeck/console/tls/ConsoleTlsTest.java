package io.fleetdeck.console.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTlsTest {
    private static final ServerNames LOOPBACK = ServerNames.forBindAddress("127.0.0.1");

    @TempDir
    Path data;

    @Test
    void theKeyStoreHoldsTheServerKeyWithItsChainEndingInTheCa() throws Exception {
        ConsoleTls tls = ConsoleTls.open(data, LOOPBACK, Clock.systemUTC());

        KeyStore store = tls.keyStore("pw".toCharArray());

        Certificate[] chain = store.getCertificateChain(ConsoleTls.SERVER_ALIAS);
        assertThat(chain).containsExactly(tls.server().certificate(), tls.ca().certificate());
        assertThat(store.getKey(ConsoleTls.SERVER_ALIAS, "pw".toCharArray()))
                .isEqualTo(tls.server().keyPair().getPrivate());
        assertThat(tls.trustStore().getCertificate(ConsoleTls.CA_ALIAS)).isEqualTo(tls.ca().certificate());
    }

    @Test
    void writesAStoreAServerCanLoadReadableByTheOwnerOnly() throws Exception {
        ConsoleTls tls = ConsoleTls.open(data, LOOPBACK, Clock.systemUTC());
        Path file = data.resolve("broker/tls/server.p12");

        ConsoleTls.write(tls.keyStore("secret".toCharArray()), "secret".toCharArray(), file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, "secret".toCharArray());
        }
        assertThat(loaded.getCertificate(ConsoleTls.SERVER_ALIAS)).isEqualTo(tls.server().certificate());
    }

    @Test
    void aCertificateIssuedInMemoryComesFromTheSameCaAndLeavesTheStoredOneAlone() throws Exception {
        ConsoleTls stored = ConsoleTls.open(data, LOOPBACK, Clock.systemUTC());
        byte[] before = Files.readAllBytes(data.resolve("tls").resolve(ServerCertificate.CERTIFICATE_FILE));

        ConsoleTls inMemory = ConsoleTls.openInMemory(data, ServerNames.forBindAddress("192.0.2.20"),
                Clock.systemUTC());

        X509Certificate certificate = inMemory.server().certificate();
        certificate.verify(stored.ca().certificate().getPublicKey());
        assertThat(ServerNames.of(certificate).ipAddresses()).containsExactly("192.0.2.20");
        assertThat(Files.readAllBytes(data.resolve("tls").resolve(ServerCertificate.CERTIFICATE_FILE)))
                .isEqualTo(before);
    }
}
