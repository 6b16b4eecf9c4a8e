package io.fleetdeck.console.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCertificateTest {
    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ServerNames LOOPBACK = ServerNames.forBindAddress("127.0.0.1");

    @TempDir
    Path tls;

    @Test
    void issuesAServerCertificateForTheNamesSignedByTheCa() throws Exception {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);

        X509Certificate certificate = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK).certificate();

        certificate.verify(ca.certificate().getPublicKey());
        assertThat(ServerNames.of(certificate)).isEqualTo(LOOPBACK);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                tls.resolve(ServerCertificate.KEY_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void keepsTheCertificateWhileItFits() {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);
        ServerCertificate first = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK);

        ServerCertificate again = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK,
                Clock.offset(CLOCK, Duration.ofDays(300)));

        assertThat(again.certificate()).isEqualTo(first.certificate());
    }

    @Test
    void issuesAgainWhenTheNamesChange() throws Exception {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);
        ServerCertificate first = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK);
        ServerNames moved = ServerNames.of(List.of(), List.of("192.0.2.20"));

        ServerCertificate again = ServerCertificate.loadOrIssue(ca, tls, moved, CLOCK);

        assertThat(again.certificate()).isNotEqualTo(first.certificate());
        assertThat(again.certificate().getSubjectAlternativeNames()).hasSize(1);
    }

    @Test
    void issuesAgainWithinThirtyDaysOfExpiry() {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);
        ServerCertificate first = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK);
        Clock later = Clock.offset(CLOCK, ServerCertificate.VALIDITY.minus(Duration.ofDays(29)));

        ServerCertificate again = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, later);

        assertThat(again.certificate()).isNotEqualTo(first.certificate());
        assertThat(again.certificate().getNotAfter().toInstant()).isAfter(first.certificate().getNotAfter().toInstant());
    }

    @Test
    void issuesAgainWhenTheStoredCertificateIsDamagedOrOfAnotherCa(@TempDir Path other) throws Exception {
        ConsoleCa ca = ConsoleCa.loadOrCreate(tls, CLOCK);
        ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK);
        ConsoleCa stranger = ConsoleCa.loadOrCreate(other, CLOCK);
        ServerCertificate foreign = ServerCertificate.loadOrIssue(stranger, other, LOOPBACK, CLOCK);
        Files.copy(other.resolve(ServerCertificate.KEY_FILE), tls.resolve(ServerCertificate.KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve(ServerCertificate.CERTIFICATE_FILE), tls.resolve(ServerCertificate.CERTIFICATE_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ServerCertificate again = ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK);

        assertThat(again.certificate()).isNotEqualTo(foreign.certificate());
        again.certificate().verify(ca.certificate().getPublicKey());

        Files.writeString(tls.resolve(ServerCertificate.CERTIFICATE_FILE), "garbage");
        ServerCertificate.loadOrIssue(ca, tls, LOOPBACK, CLOCK).certificate().verify(ca.certificate().getPublicKey());
    }
}
