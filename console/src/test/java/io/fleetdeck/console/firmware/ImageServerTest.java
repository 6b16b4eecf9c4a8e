package io.fleetdeck.console.firmware;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ImageServerTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private ImageServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private byte[] content;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        server = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        content = TestImages.raw(1_500_000, 3);
        file = Files.write(dir.resolve(SHA + ".img.xz"), content);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheWholeFileWithEtagAndCountsTheBytes() throws Exception {
        String token = server.grant(file, SHA);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(server.bytesServed(token)).isEqualTo(content.length);
    }

    @Test
    void resumesFromTheRequestedOffset() throws Exception {
        String token = server.grant(file, SHA);
        int from = 1_000_001;

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token))
                .header("Range", "bytes=" + from + "-"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range"))
                .contains("bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, from, content.length));
    }

    @Test
    void ifRangeWithTheCurrentEtagResumesAndWithAnotherSendsTheWholeFile() throws Exception {
        String token = server.grant(file, SHA);

        HttpResponse<byte[]> same = get(token, HttpRequest.newBuilder(server.uri(token))
                .header("Range", "bytes=10-").header("If-Range", "\"" + SHA + "\""));
        HttpResponse<byte[]> other = get(token, HttpRequest.newBuilder(server.uri(token))
                .header("Range", "bytes=10-").header("If-Range", "\"" + "cd".repeat(32) + "\""));

        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(same.body()).hasSize(content.length - 10);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(content);
    }

    @Test
    void rangePastTheEndIsUnsatisfiable() throws Exception {
        String token = server.grant(file, SHA);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token))
                .header("Range", "bytes=" + content.length + "-"));

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes */" + content.length);
    }

    @Test
    void headGivesSizeAndEtagWithoutBody() throws Exception {
        String token = server.grant(file, SHA);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.body()).isEmpty();
        assertThat(server.bytesServed(token)).isZero();
    }

    @Test
    void etagIsStableAcrossRequestsAndGrants() throws Exception {
        String first = server.grant(file, SHA);
        String second = server.grant(file, SHA);

        String a = get(first, HttpRequest.newBuilder(server.uri(first))).headers().firstValue("ETag").orElseThrow();
        String b = get(first, HttpRequest.newBuilder(server.uri(first))).headers().firstValue("ETag").orElseThrow();
        String c = get(second, HttpRequest.newBuilder(server.uri(second))).headers().firstValue("ETag").orElseThrow();

        assertThat(first).isNotEqualTo(second);
        assertThat(a).isEqualTo(b).isEqualTo(c);
    }

    @Test
    void unknownTokenIsNotFound() throws Exception {
        String token = "not-a-granted-token";

        assertThat(get(token, HttpRequest.newBuilder(server.uri(token))).statusCode()).isEqualTo(404);
    }

    @Test
    void revokedTokenIsNotFound() throws Exception {
        String token = server.grant(file, SHA);
        server.revoke(token);

        assertThat(get(token, HttpRequest.newBuilder(server.uri(token))).statusCode()).isEqualTo(404);
    }

    @Test
    void pathsAfterTheTokenDoNotReachTheFileSystem() throws Exception {
        String token = server.grant(file, SHA);
        String base = server.uri(token).toString();

        assertThat(client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(java.net.URI.create(base.replace(token, "..%2F" + SHA
                + ".img.xz"))).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        String token = server.grant(file, SHA);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token))
                .PUT(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void servesALibraryImageUnderItsRawHash() throws Exception {
        FirmwareImage image = new FirmwareImage(1, "fw.img.xz", java.util.Optional.of("1.0"), java.util.List.of(),
                ImageFormat.IMG_XZ, content.length, 2L * content.length, SHA, java.time.Instant.EPOCH, file);
        String token = server.grant(image);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(token)));

        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-xz");
    }

    @Test
    void servesManyDevicesAtOnce() throws Exception {
        String token = server.grant(file, SHA);
        int devices = 10;

        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var downloads = java.util.stream.IntStream.range(0, devices)
                    .mapToObj(i -> executor.submit(() -> get(token, HttpRequest.newBuilder(server.uri(token)))))
                    .toList();
            for (var download : downloads) {
                assertThat(download.get().body()).isEqualTo(content);
            }
        }
        assertThat(server.bytesServed(token)).isEqualTo((long) devices * content.length);
    }

    @Test
    void aDroppedDownloadResumesFromWhereItStopped() throws Exception {
        String token = server.grant(file, SHA);
        byte[] head;
        try (var body = client.send(HttpRequest.newBuilder(server.uri(token)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            head = body.readNBytes(200_000);
        }

        HttpResponse<byte[]> rest = get(token, HttpRequest.newBuilder(server.uri(token))
                .header("Range", "bytes=" + head.length + "-").header("If-Range", "\"" + SHA + "\""));

        assertThat(rest.statusCode()).isEqualTo(206);
        byte[] whole = new byte[head.length + rest.body().length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(rest.body(), 0, whole, head.length, rest.body().length);
        assertThat(whole).isEqualTo(content);
    }

    private HttpResponse<byte[]> get(String token, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
