package io.fleetdeck.console.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleCaTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tls;

    @Test
    void createsAnEcP256CaValidForTenYearsThatMaySignServersOnly() {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);

        X509Certificate certificate = ca.certificate();
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(Duration.between(CLOCK.instant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(ConsoleCa.VALIDITY);
        assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=Fleetdeck console CA ");
    }

    @Test
    void loadsTheSameCaOnTheNextStart() throws Exception {
        ConsoleCa first = ConsoleCa.loadOrCreate(tls, CLOCK);
        byte[] keyBefore = Files.readAllBytes(tls.resolve(ConsoleCa.KEY_FILE));

        ConsoleCa again = ConsoleCa.loadOrCreate(tls, CLOCK);

        assertThat(again.caCertificatePem()).isEqualTo(first.caCertificatePem());
        assertThat(Files.readAllBytes(tls.resolve(ConsoleCa.KEY_FILE))).isEqualTo(keyBefore);
    }

    @Test
    void keyFileIsReadableByOwnerOnlyAndCertificateFileHoldsThePem() throws Exception {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(ConsoleCa.KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(ca.certificateFile())).isEqualTo(ca.caCertificatePem())
                .startsWith("-----BEGIN CERTIFICATE-----\n");
        try (var files = Files.list(tls)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(ConsoleCa.KEY_FILE, ConsoleCa.CERTIFICATE_FILE);
        }
    }

    @Test
    void certifiesAKeyLeftWithoutCertificateByACrashAgain() throws Exception {
        ConsoleCa first = ConsoleCa.loadOrCreate(tls, CLOCK);
        Files.delete(first.certificateFile());

        ConsoleCa again = ConsoleCa.loadOrCreate(tls, CLOCK);

        assertThat(again.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
    }

    @Test
    void refusesACertificateWithoutItsKeyInsteadOfStartingANewCa() throws Exception {
        ConsoleCa.loadOrCreate(tls, CLOCK);
        Files.delete(tls.resolve(ConsoleCa.KEY_FILE));

        // Devices trust the old CA; a silently new one would cut every device off.
        assertThatThrownBy(() -> ConsoleCa.loadOrCreate(tls, CLOCK)).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(ConsoleCa.KEY_FILE)
                .satisfies(e -> assertThat(((TlsMaterialException) e).file()).isEqualTo(tls.resolve(ConsoleCa.KEY_FILE)));
    }

    @Test
    void refusesADamagedKeyFile() throws Exception {
        ConsoleCa.loadOrCreate(tls, CLOCK);
        Files.writeString(tls.resolve(ConsoleCa.KEY_FILE), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ConsoleCa.loadOrCreate(tls, CLOCK)).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(ConsoleCa.KEY_FILE);
    }

    @Test
    void refusesACertificateOfAnotherCa(@TempDir Path other) throws Exception {
        ConsoleCa.loadOrCreate(tls, CLOCK);
        ConsoleCa stranger = ConsoleCa.loadOrCreate(other, CLOCK);
        Files.writeString(tls.resolve(ConsoleCa.CERTIFICATE_FILE), stranger.caCertificatePem());

        assertThatThrownBy(() -> ConsoleCa.loadOrCreate(tls, CLOCK)).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("does not belong");
    }
}
