package io.fleetdeck.console.firmware;

import com.sun.management.UnixOperatingSystemMXBean;
import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.testkit.JavaCommand;
import io.fleetdeck.testkit.images.TestImages;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import io.fleetdeck.testkit.mqtt.MessageCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue #9's acceptance test for the image server: slowloris sockets (silent, half a request line, headers trickled
 * a byte at a time) leave downloads and ingest working and are closed by the server within its request timeout.
 * 300 sockets in the normal build; {@code -Pslowloris} (console core) runs the 5,000.
 */
@Timeout(180)
class ImageServerLimitsTest {
    private static final Logger log = LoggerFactory.getLogger(ImageServerLimitsTest.class);
    private static final int SOCKETS = Integer.getInteger("fleetdeck.slowloris.sockets", 300);
    private static final String JOB = "job-1";
    private static final String NAME = "fw-1.0.img.xz";

    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    @Test
    void slowlorisSocketsAreClosedWhileDownloadsAndIngestGoOn() throws Exception {
        ImageServerLimits limits = ImageServerLimits.defaults().apply();
        // Both ends of every socket live in this JVM.
        assumeThat(openFileLimit()).as("file descriptors for %d sockets at both ends", SOCKETS)
                .isGreaterThan(2L * SOCKETS + 1_000);
        assumeThat(limits.maxConnections()).as("the connection cap in this JVM").isGreaterThan(SOCKETS + 16);
        ImageServer server = ImageServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        cleanup.add(server);
        byte[] content = TestImages.raw(1_500_000, 3);
        Path file = Files.write(dir.resolve(NAME), content);
        String token = ImageServer.newToken();
        server.grant(JOB, token, file, NAME, "ab".repeat(32), "application/x-xz");
        Ingest ingest = new Ingest(broker.url());
        cleanup.add(ingest);

        long started = System.nanoTime();
        List<Socket> loris = openSlowloris(server.address().getPort());
        Trickle trickle = new Trickle(loris);
        cleanup.add(trickle);
        long opened = System.nanoTime();
        HttpResponse<byte[]> whole = download(server, token, null);
        HttpResponse<byte[]> tail = download(server, token, "bytes=1000000-");
        boolean ingested = ingest.roundTrip("reading while the image server is flooded");
        long served = System.nanoTime();
        log.info("{} slowloris sockets opened in {} ms; downloads and a publish took {} ms", SOCKETS,
                TimeUnit.NANOSECONDS.toMillis(opened - started), TimeUnit.NANOSECONDS.toMillis(served - opened));

        int closed = closedByServer(loris, limits.requestTimeout().plusSeconds(20));
        log.info("The server closed {} of them {} ms after they were open", closed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, 1_000_000, content.length));
        assertThat(ingested).as("a publish through the broker arrived").isTrue();
        assertThat(closed).as("slowloris sockets the server closed").isEqualTo(SOCKETS);
    }

    @Test
    void theCapLeavesHalfTheProcesssFileDescriptorsToTheBrokerAndSqlite() {
        assertThat(ImageServerLimits.connectionsFor(1_024)).isEqualTo(512);
        assertThat(ImageServerLimits.connectionsFor(20_000)).isEqualTo(ImageServerLimits.CONNECTION_CEILING);
        assertThat(ImageServerLimits.connectionsFor(1_048_576)).isEqualTo(8_192);
    }

    /** The cap lives in JVM-wide properties fixed at the first server, so a JVM of its own gets a small one. */
    @Test
    void aConnectionBeyondTheCapIsClosedAndTheSlotComesBackWhenASocketGoes() throws Exception {
        List<String> command = new ArrayList<>(JavaCommand.jvm());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CappedImageServer.class.getName(),
                dir.toString(), "20"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(() -> childLog()).isZero();
        assertThat(childLog()).contains("refused while the cap was full", "Image server limits: 20 connections");
    }

    private String childLog() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A third send nothing, a third half a request line, a third a request line and headers that never end. */
    private List<Socket> openSlowloris(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>(SOCKETS);
        for (int i = 0; i < SOCKETS; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            sockets.add(socket);
            cleanup.add(socket);
            String start = switch (i % 3) {
                case 0 -> "";
                case 1 -> "GET /images/" + JOB + "/";
                default -> "GET /images/" + JOB + "/" + NAME + " HTTP/1.1\r\nHost: console\r\nX-Slow: ";
            };
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        }
        return sockets;
    }

    private static HttpResponse<byte[]> download(ImageServer server, String token, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(JOB, NAME)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (range != null) {
            request.header("Range", range);
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /**
     * How many sockets end (EOF or reset) before {@code deadline}: only the server closes them, so one still open
     * then was kept by the server past its timeout.
     */
    private static int closedByServer(List<Socket> sockets, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        int closed = 0;
        for (Socket socket : sockets) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            socket.setSoTimeout((int) Math.max(1, left));
            try (InputStream in = socket.getInputStream()) {
                while (in.read() >= 0) {
                    // The server may answer before it closes; only the close matters.
                }
                closed++;
            } catch (SocketTimeoutException stillOpen) {
                // Counted as not closed.
            } catch (SocketException reset) {
                closed++;
            }
        }
        return closed;
    }

    private static long openFileLimit() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    }

    /** Sends one more header byte on each trickling socket every half second, as a slowloris client does. */
    private static final class Trickle implements AutoCloseable {
        private final Thread thread;

        Trickle(List<Socket> sockets) {
            List<Socket> trickling = new ArrayList<>();
            for (int i = 2; i < sockets.size(); i += 3) {
                trickling.add(sockets.get(i));
            }
            thread = Thread.ofPlatform().daemon().name("slowloris-trickle").start(() -> {
                while (!Thread.currentThread().isInterrupted() && !trickling.isEmpty()) {
                    trickling.removeIf(socket -> {
                        try {
                            socket.getOutputStream().write('a');
                            return false;
                        } catch (IOException closed) {
                            return true;
                        }
                    });
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }

    /** A device publishing a reading and the console's subscriber receiving it, through the console's broker. */
    private static final class Ingest implements AutoCloseable {
        private static final String TOPIC = "fleetdeck/v1/pi-flood/telemetry";
        private final MqttAsyncClient console;
        private final MqttAsyncClient device;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Ingest(String url) throws Exception {
            console = connect(url, "console-flood");
            console.setCallback(MessageCallback.of((topic, message) ->
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8))));
            console.subscribe(TOPIC, 1).waitForCompletion(10_000);
            device = connect(url, "pi-flood");
        }

        boolean roundTrip(String text) throws Exception {
            MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            device.publish(TOPIC, message).waitForCompletion(10_000);
            return text.equals(received.poll(10, TimeUnit.SECONDS));
        }

        private static MqttAsyncClient connect(String url, String clientId) throws Exception {
            MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options).waitForCompletion(10_000);
            return client;
        }

        @Override
        public void close() throws Exception {
            for (MqttAsyncClient client : List.of(device, console)) {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            }
        }
    }
}
