package io.fleetdeck.console.firmware;

import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.tls.ServerNames;
import io.fleetdeck.testkit.images.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The image server with the console's TLS on: {@code https://} URLs, and a download that works for a client trusting
 * the console CA (as a device's download client does) and fails the handshake for one that does not. Apart from
 * {@code ImageServerTest} so HTTP's behaviour tests stay as they are.
 */
class ImageServerHttpsTest {
    private static final String SHA = "cd".repeat(32);
    private static final String JOB = "job-tls";
    private static final String NAME = "fw-2.0.img.xz";

    @TempDir
    Path dir;

    private ConsoleTls tls;
    private ImageServer server;
    private byte[] content;
    private String token;

    @BeforeEach
    void start() throws Exception {
        tls = ConsoleTls.open(dir, ServerNames.forBindAddress("127.0.0.1"), Clock.systemUTC());
        server = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls.serverContext());
        content = TestImages.raw(700_000, 5);
        Path file = Files.write(dir.resolve(SHA + ".img.xz"), content);
        token = ImageServer.newToken();
        server.grant(JOB, token, file, NAME, SHA, "application/x-xz");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void handsOutHttpsUrls() {
        URI uri = server.uri(JOB, NAME);

        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aClientTrustingTheConsoleCaDownloadsTheImage() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(CaTrust.context(tls.caCertificateFile()))
                .build()) {
            HttpResponse<byte[]> response = client.send(request(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
            assertThat(server.bytesServed(JOB)).isEqualTo(content.length);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheConsoleCaFailsTheHandshakeAndGetsNothing() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> client.send(request(), HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(server.bytesServed(JOB)).isZero();
    }

    @Test
    void aPlainHttpRequestToTheHttpsPortGetsNoImage() {
        URI plain = URI.create(server.uri(JOB, NAME).toString().replaceFirst("^https:", "http:"));

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(plain).header("Authorization", "Bearer " + token).build();
            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThat(server.bytesServed(JOB)).isZero();
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(server.uri(JOB, NAME)).header("Authorization", "Bearer " + token).build();
    }
}
