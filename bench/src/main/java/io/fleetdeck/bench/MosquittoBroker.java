package io.fleetdeck.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto of our own on a free loopback port, tuned so the broker neither drops QoS 1 messages for a slow
 * subscriber nor throttles publishers: deep per-client queues, no in-flight cap (so MQTT v5 clients get the full
 * receive maximum), no persistence.
 */
final class MosquittoBroker implements AutoCloseable {
    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoBroker start(Path workDir) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = workDir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_inflight_messages 0",
                // Saturation runs let a queue build at the slower consumer; 200k batches of ~6 kB bound it at ~1.2 GB.
                "max_queued_messages 200000",
                "max_queued_bytes 0",
                "set_tcp_nodelay true",
                "log_type error",
                "log_type warning",
                "log_dest stderr",
                ""));
        Process process = ChildProcesses.track(new ProcessBuilder(executable(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("mosquitto.log").toFile())
                .start());
        MosquittoBroker broker = new MosquittoBroker(process, port);
        broker.awaitListening();
        return broker;
    }

    private static String executable() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + "; see mosquitto.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
