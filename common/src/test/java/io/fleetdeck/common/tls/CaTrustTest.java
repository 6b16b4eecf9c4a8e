package io.fleetdeck.common.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaTrustTest {
    @TempDir
    Path dir;

    @Test
    void trustsAServerCertificateSignedByTheCaInTheFile() throws Exception {
        SSLContext context = CaTrust.context(TlsFixtures.resource("ca.pem"));

        assertThat(handshake(context, "127.0.0.1")).isEqualTo("ok");
    }

    @Test
    void refusesAServerCertificateOfAnotherCaEvenThoughItsNameFits() throws Exception {
        SSLContext context = CaTrust.context(TlsFixtures.resource("stranger-ca.pem"));

        assertThatThrownBy(() -> handshake(context, "127.0.0.1")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotNameTheHostAsked() throws Exception {
        SSLContext context = CaTrust.context(TlsFixtures.resource("ca.pem"));

        // The certificate names localhost, 127.0.0.1 and ::1, not this machine's host name.
        String other = "console.example";
        assertThatThrownBy(() -> handshake(context, "127.0.0.1", other)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void namesTheFileThatIsMissingOrNotPem() throws Exception {
        Path missing = dir.resolve("ca.pem");
        assertThatThrownBy(() -> CaTrust.context(missing)).isInstanceOf(CaFileException.class)
                .hasMessageContaining(missing.toString());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        assertThatThrownBy(() -> CaTrust.context(garbage)).isInstanceOf(CaFileException.class)
                .satisfies(e -> assertThat(((CaFileException) e).file()).isEqualTo(garbage));
    }

    /** Connects to a loopback TLS server as {@code host} with HTTPS host name checking; "ok" once it answered. */
    private static String handshake(SSLContext context, String host) throws Exception {
        return handshake(context, host, host);
    }

    /** As above, connecting to {@code address} but checking the certificate for {@code host}. */
    private static String handshake(SSLContext context, String address, String host) throws Exception {
        try (SSLServerSocket server = TlsFixtures.server()) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket peer = (SSLSocket) server.accept()) {
                    peer.getOutputStream().write('k');
                    peer.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client refused the handshake: what some tests expect
                }
            });
            try (Socket plain = new Socket(address, server.getLocalPort());
                 SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host,
                         server.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return socket.getInputStream().read() == 'k' ? "ok" : "no answer";
            } finally {
                server.close(); // a client that never connected leaves accept() waiting otherwise
                accepted.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
