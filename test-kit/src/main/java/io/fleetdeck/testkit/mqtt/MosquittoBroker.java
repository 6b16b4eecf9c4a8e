package io.fleetdeck.testkit.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code mosquitto} on a free port of 127.0.0.1, for integration tests. Only loopback: the generated
 * config has a single {@code listener PORT 127.0.0.1}. {@link #stop()} and {@link #start()} can be repeated to test
 * reconnects; the port stays the same.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = findBinary();

    private final Path dir;
    private final int port;
    private Process process;

    public MosquittoBroker(Path dir) throws IOException {
        if (BINARY == null) {
            throw new IllegalStateException("mosquitto is not installed (looked for /usr/sbin/mosquitto and on PATH):"
                    + " the integration tests need a real MQTT v5 broker. Install it: apt-get install mosquitto");
        }
        this.dir = dir;
        this.port = freePort();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_inflight_messages 1000",
                "max_queued_messages 100000",
                "set_tcp_nodelay true",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "") );
    }

    /** Starts the broker and waits until its port accepts connections. */
    public synchronized MosquittoBroker start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return this;
        }
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not accept on 127.0.0.1:" + port + " within 10 s: " + log());
    }

    /** Stops the broker the hard way, as a crash or a power cut of the console host would. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Where mosquitto is installed; throws with the install command when it is not. */
    public static Path binary() {
        if (BINARY == null) {
            throw new IllegalStateException("mosquitto is not installed (looked for /usr/sbin/mosquitto and on PATH):"
                    + " apt-get install mosquitto");
        }
        return BINARY;
    }

    private static Path findBinary() {
        Path sbin = Path.of("/usr/sbin/mosquitto");
        if (Files.isExecutable(sbin)) {
            return sbin;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(":")) {
                Path candidate = Path.of(entry, "mosquitto");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
