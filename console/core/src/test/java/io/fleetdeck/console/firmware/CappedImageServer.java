package io.fleetdeck.console.firmware;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in its own JVM, because the JDK fixes its HTTP server's limits once per JVM: an image server capped at
 * {@code args[1]} connections, that many silent sockets, then a download. Exits 0 when the download is refused while
 * the cap is full and served once the sockets are gone; prints what went wrong otherwise.
 */
final class CappedImageServer {
    private CappedImageServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cap = Integer.parseInt(args[1]);
        ImageServerLimits limits = ImageServerLimits.defaults().withMaxConnections(cap).apply();
        byte[] content = new byte[100_000];
        Path file = Files.write(dir.resolve("fw.img"), content);
        try (ImageServer server = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String token = ImageServer.newToken();
            server.grant("job-1", token, file, "fw.img", "ab".repeat(32), "application/octet-stream");
            HttpRequest request = HttpRequest.newBuilder(server.uri("job-1", "fw.img"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build();
            List<Socket> silent = new ArrayList<>();
            for (int i = 0; i < limits.maxConnections(); i++) {
                silent.add(new Socket(InetAddress.getLoopbackAddress(), server.address().getPort()));
            }
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                fail("with " + silent.size() + " silent sockets holding the cap, a download got HTTP "
                        + response.statusCode());
            } catch (IOException refused) {
                System.out.println("refused while the cap was full: " + refused);
            }
            for (Socket socket : silent) {
                socket.close();
            }
            // The server frees a slot when it reads the close, a moment after ours.
            for (int attempt = 0; attempt < 100; attempt++) {
                try {
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200 && response.body().length == content.length) {
                        System.exit(0);
                    }
                    fail("after the sockets closed, HTTP " + response.statusCode());
                } catch (IOException stillFull) {
                    Thread.sleep(100);
                }
            }
            fail("the download stayed refused after the silent sockets closed");
        }
    }

    private static void fail(String why) {
        System.out.println(why);
        System.exit(3);
    }
}
