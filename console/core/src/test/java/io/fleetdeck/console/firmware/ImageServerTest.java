package io.fleetdeck.console.firmware;

import io.fleetdeck.model.ImageFormat;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The image server over real HTTP on loopback: bearer tokens per job, Range, If-Range, ETag, HEAD. */
class ImageServerTest {
    private static final String SHA = "ab".repeat(32);
    private static final String JOB = "job-1";
    private static final String NAME = "fw-1.0.img.xz";

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
        String token = grant(JOB);

        HttpResponse<byte[]> response = get(token, request(JOB));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(server.bytesServed(JOB)).isEqualTo(content.length);
    }

    @Test
    void theUrlNamesTheJobAndFileButCarriesNoSecret() {
        String token = grant(JOB);

        URI uri = server.uri(JOB, NAME);

        assertThat(uri.getPath()).isEqualTo("/images/" + JOB + "/" + NAME);
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.toString()).doesNotContain(token);
    }

    @Test
    void withoutTheBearerTokenTheAnswerIs401() throws Exception {
        grant(JOB);

        HttpResponse<byte[]> none = client.send(request(JOB).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> wrong = get(ImageServer.newToken(), request(JOB));
        HttpResponse<byte[]> basic = client.send(request(JOB).header("Authorization", "Basic Zm9vOmJhcg==").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(List.of(none.statusCode(), wrong.statusCode(), basic.statusCode())).containsOnly(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
        assertThat(none.body()).isEmpty();
        assertThat(server.bytesServed(JOB)).isZero();
    }

    @Test
    void anotherJobsTokenDoesNotOpenThisJob() throws Exception {
        grant(JOB);
        String other = grant("job-2");

        assertThat(get(other, request(JOB)).statusCode()).isEqualTo(401);
        assertThat(get(other, request("job-2")).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownJobsAndOtherFileNamesAreNotFound() throws Exception {
        String token = grant(JOB);

        assertThat(get(token, request("job-9")).statusCode()).isEqualTo(404);
        assertThat(get(token, HttpRequest.newBuilder(server.uri(JOB, SHA + ".img"))).statusCode()).isEqualTo(404);
    }

    @Test
    void revokedJobIsNotFound() throws Exception {
        String token = grant(JOB);
        server.revoke(JOB);

        assertThat(server.granted(JOB)).isFalse();
        assertThat(get(token, request(JOB)).statusCode()).isEqualTo(404);
    }

    @Test
    void aKnownTokenCanBeGrantedAgainAfterARestart() throws Exception {
        String token = grant(JOB);
        server.close();
        server = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        server.grant(JOB, token, file, NAME, SHA, "application/x-xz");

        assertThat(get(token, request(JOB).header("Range", "bytes=10-")).body())
                .isEqualTo(Arrays.copyOfRange(content, 10, content.length));
    }

    @Test
    void resumesFromTheRequestedOffset() throws Exception {
        String token = grant(JOB);
        int from = 1_000_001;

        HttpResponse<byte[]> response = get(token, request(JOB).header("Range", "bytes=" + from + "-"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range"))
                .contains("bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, from, content.length));
    }

    @Test
    void ifRangeWithTheCurrentEtagResumesAndWithAnotherSendsTheWholeFile() throws Exception {
        String token = grant(JOB);

        HttpResponse<byte[]> same = get(token, request(JOB).header("Range", "bytes=10-")
                .header("If-Range", "\"" + SHA + "\""));
        HttpResponse<byte[]> other = get(token, request(JOB).header("Range", "bytes=10-")
                .header("If-Range", "\"" + "cd".repeat(32) + "\""));

        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(same.body()).hasSize(content.length - 10);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(content);
    }

    @Test
    void rangePastTheEndIsUnsatisfiable() throws Exception {
        String token = grant(JOB);

        HttpResponse<byte[]> response = get(token, request(JOB).header("Range", "bytes=" + content.length + "-"));

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes */" + content.length);
    }

    @Test
    void headGivesSizeAndEtagWithoutBody() throws Exception {
        String token = grant(JOB);

        HttpResponse<byte[]> response = get(token, request(JOB).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.body()).isEmpty();
        assertThat(server.bytesServed(JOB)).isZero();
    }

    @Test
    void etagIsStableAcrossRequestsAndGrants() throws Exception {
        String first = grant(JOB);
        String second = grant("job-2");

        String a = get(first, request(JOB)).headers().firstValue("ETag").orElseThrow();
        String b = get(first, request(JOB)).headers().firstValue("ETag").orElseThrow();
        String c = get(second, request("job-2")).headers().firstValue("ETag").orElseThrow();

        assertThat(first).isNotEqualTo(second);
        assertThat(a).isEqualTo(b).isEqualTo(c);
    }

    @Test
    void pathsAroundTheJobDoNotReachTheFileSystem() throws Exception {
        String token = grant(JOB);
        String base = server.uri(JOB, NAME).toString();

        assertThat(get(token, HttpRequest.newBuilder(URI.create(base + "/../../etc/passwd"))).statusCode())
                .isEqualTo(404);
        assertThat(get(token, HttpRequest.newBuilder(URI.create(base.replace(NAME, "..%2F" + SHA + ".img.xz"))))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        String token = grant(JOB);

        HttpResponse<byte[]> response = get(token, request(JOB).PUT(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void servesALibraryImageUnderItsNameWithItsContentType() throws Exception {
        FirmwareImage image = new FirmwareImage(1, NAME, Optional.of("1.0"), List.of(), ImageFormat.IMG_XZ,
                content.length, 2L * content.length, SHA, Instant.EPOCH, file);
        String token = ImageServer.newToken();
        server.grant(JOB, token, image);

        HttpResponse<byte[]> response = get(token, HttpRequest.newBuilder(server.uri(JOB,
                ImageServer.servedName(image))));

        assertThat(ImageServer.servedName(image)).isEqualTo(NAME);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + SHA + "\"");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-xz");
    }

    @Test
    void anImageWhoseNameIsNoSafeUrlSegmentIsServedUnderItsHash() {
        FirmwareImage image = new FirmwareImage(1, "my firmware (v2).img.xz", Optional.of("2"), List.of(),
                ImageFormat.IMG_XZ, 1, 1, SHA, Instant.EPOCH, file);

        assertThat(ImageServer.servedName(image)).isEqualTo(SHA + ".img.xz");
    }

    @Test
    void servesManyDevicesAtOnce() throws Exception {
        String token = grant(JOB);
        int devices = 10;

        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var downloads = java.util.stream.IntStream.range(0, devices)
                    .mapToObj(i -> executor.submit(() -> get(token, request(JOB))))
                    .toList();
            for (var download : downloads) {
                assertThat(download.get().body()).isEqualTo(content);
            }
        }
        assertThat(server.bytesServed(JOB)).isEqualTo((long) devices * content.length);
    }

    @Test
    void aDroppedDownloadResumesFromWhereItStopped() throws Exception {
        String token = grant(JOB);
        byte[] head;
        try (var body = client.send(request(JOB).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            head = body.readNBytes(200_000);
        }

        HttpResponse<byte[]> rest = get(token, request(JOB).header("Range", "bytes=" + head.length + "-")
                .header("If-Range", "\"" + SHA + "\""));

        assertThat(rest.statusCode()).isEqualTo(206);
        byte[] whole = new byte[head.length + rest.body().length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(rest.body(), 0, whole, head.length, rest.body().length);
        assertThat(whole).isEqualTo(content);
    }

    private String grant(String job) {
        String token = ImageServer.newToken();
        server.grant(job, token, file, NAME, SHA, "application/x-xz");
        return token;
    }

    private HttpRequest.Builder request(String job) {
        return HttpRequest.newBuilder(server.uri(job, NAME));
    }

    private HttpResponse<byte[]> get(String token, HttpRequest.Builder request) throws Exception {
        return client.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
