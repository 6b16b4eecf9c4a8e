package io.fleetdeck.testkit.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code mosquitto} on a free port of 127.0.0.1, for integration tests. Only loopback: the generated
 * config has a single {@code listener PORT 127.0.0.1}. {@link #stop()} and {@link #start()} can be repeated to test
 * reconnects; the port stays the same.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = findBinary();
    /** Brokers still running when the JVM exits (a failed test, Ctrl-C in a benchmark) are stopped, not orphaned. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "stop-mosquitto"));
    }

    private final Path dir;
    private final int port;
    private Process process;

    /**
     * How the broker is configured. {@link #TESTS}: deep enough queues that no test loses a QoS 1 message to a burst.
     * {@link #SATURATION}: for benchmarks that let a queue build at the slower consumer — no in-flight cap (MQTT v5
     * clients get their full receive maximum), 200k queued messages (~1.2 GB of ~6 kB batches), no byte cap.
     * {@link #NO_DROP}: for recounts after an overload or a consumer crash — no cap on queued messages or bytes, so
     * the broker never drops a QoS 1 message it acknowledged to a publisher while a persistent session is slow or gone.
     */
    public enum Tuning {
        TESTS("max_inflight_messages 1000", "max_queued_messages 100000"),
        SATURATION("max_inflight_messages 0", "max_queued_messages 200000", "max_queued_bytes 0"),
        NO_DROP("max_inflight_messages 0", "max_queued_messages 0", "max_queued_bytes 0");

        private final List<String> lines;

        Tuning(String... lines) {
            this.lines = List.of(lines);
        }
    }

    /** A broker for tests in {@code dir} (its config and log go there), on a free loopback port; not started yet. */
    public MosquittoBroker(Path dir) throws IOException {
        this(dir, Tuning.TESTS);
    }

    public MosquittoBroker(Path dir, Tuning tuning) throws IOException {
        this(dir, tuning, List.of());
    }

    /**
     * As {@link #MosquittoBroker(Path, Tuning)}, with {@code extraLines} after the generated config, e.g.
     * {@code include_dir DIR} to read an operator's snippet as a real install would. A later global option wins over
     * an earlier one, so an included {@code allow_anonymous false} overrides the default {@code true} here.
     */
    public MosquittoBroker(Path dir, Tuning tuning, List<String> extraLines) throws IOException {
        if (BINARY == null) {
            throw new IllegalStateException("mosquitto is not installed (looked for /usr/sbin/mosquitto and on PATH):"
                    + " the integration tests need a real MQTT v5 broker. Install it: apt-get install mosquitto");
        }
        this.dir = dir;
        this.port = freePort();
        List<String> conf = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false"));
        conf.addAll(tuning.lines);
        conf.addAll(List.of(
                "set_tcp_nodelay true",
                "log_dest stderr",
                "log_type error",
                "log_type warning"));
        conf.addAll(extraLines);
        conf.add("");
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", conf));
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
        RUNNING.add(process);
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
            RUNNING.remove(process);
            process = null;
        }
    }

    /**
     * Sends SIGHUP, as {@code systemctl reload mosquitto} does: Mosquitto re-reads its config, password and ACL files
     * in its event loop shortly after, so a test polls for the effect it expects. Started as root, mosquitto re-reads
     * them as {@link #dropsPrivilegesTo()}, so the directory must be readable by that user (a {@code @TempDir} is
     * 0700); when it is not, mosquitto logs "Unable to open config file" and keeps its old config.
     */
    public synchronized void reload() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("mosquitto is not running");
        }
        // ProcessHandle can only terminate; kill(1) is the portable way to send another signal.
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -HUP " + process.pid() + " failed: " + output);
        }
    }

    /**
     * The user a mosquitto started by this JVM reads its password and ACL files as: started as root it switches to
     * {@code mosquitto} (or {@code nobody} when there is no such user) before it opens them; otherwise it stays who
     * we are and empty is returned.
     */
    public static Optional<String> dropsPrivilegesTo() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto");
            return Optional.of("mosquitto");
        } catch (IOException noSuchUser) {
            return Optional.of("nobody");
        }
    }

    /** The broker's process id, for CPU accounting; -1 when it is not running. */
    public synchronized long pid() {
        return process != null ? process.pid() : -1;
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

    /** Stops the broker; an interrupted wait for its exit leaves it killed and the thread's interrupt set. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
