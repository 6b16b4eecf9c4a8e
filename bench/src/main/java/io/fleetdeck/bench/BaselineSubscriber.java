package io.fleetdeck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline consumer: a bare {@code mosquitto_sub} at QoS 1 on every device's telemetry, payloads printed one a
 * line. This JVM counts lines (messages) and {@code "ts":} keys (readings) in its output with a byte scan, which
 * costs far less than the subscriber's own work, so the rate is mosquitto_sub's.
 */
final class BaselineSubscriber implements AutoCloseable {
    private static final byte[] READING_KEY = {'"', 't', 's', '"', ':'};

    private final Process process;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();

    private BaselineSubscriber(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("count-mosquitto-sub").start(this::count);
    }

    static BaselineSubscriber start(int port, Path runDir) throws IOException {
        Process process = ChildProcesses.track(new ProcessBuilder(List.of("mosquitto_sub", "-V", "mqttv5",
                "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-i", "bench-baseline",
                // As many unacknowledged QoS 1 messages as the console's Paho session allows (65,535).
                "-D", "connect", "receive-maximum", "65535",
                "-t", "fleetdeck/v1/+/telemetry"))
                .redirectError(runDir.resolve("mosquitto_sub.log").toFile())
                .start());
        return new BaselineSubscriber(process);
    }

    private void count() {
        byte[] buffer = new byte[1 << 16];
        int matched = 0;
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long lines = 0;
                long keys = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines++;
                    }
                    if (b == READING_KEY[matched]) {
                        if (++matched == READING_KEY.length) {
                            keys++;
                            matched = 0;
                        }
                    } else {
                        matched = b == READING_KEY[0] ? 1 : 0;
                    }
                }
                messages.addAndGet(lines);
                readings.addAndGet(keys);
            }
        } catch (IOException e) {
            // mosquitto_sub ended; the counts stay.
        }
    }

    long messages() {
        return messages.get();
    }

    long readings() {
        return readings.get();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
