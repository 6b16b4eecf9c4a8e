package io.fleetdeck.bench;

import io.fleetdeck.model.TelemetryEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline consumer: a bare {@code mosquitto_sub} at QoS 1 on every device's telemetry, payloads printed one a
 * line. This JVM counts lines (messages) and {@code "ts":} keys (readings) in its output with a byte scan, which
 * costs far less than the subscriber's own work, so the rate is mosquitto_sub's.
 *
 * <p>Compact batches are binary, so a newline may be part of a payload: for them mosquitto_sub prints each message as
 * {@code <length> <payload>\n} ({@code -F '%l %p'}, the same payload bytes), this JVM skips each payload by its
 * length, and readings are messages times the publisher's readings per batch.
 */
final class BaselineSubscriber implements AutoCloseable {
    private static final byte[] READING_KEY = {'"', 't', 's', '"', ':'};

    private final Process process;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();

    private BaselineSubscriber(Process process, TelemetryEncoding encoding, int readingsPerMessage) {
        this.process = process;
        Runnable counter = encoding == TelemetryEncoding.COMPACT ? () -> countLengthPrefixed(readingsPerMessage)
                : this::count;
        Thread.ofPlatform().daemon().name("count-mosquitto-sub").start(counter);
    }

    static BaselineSubscriber start(int port, Path runDir) throws IOException {
        return start(port, runDir, TelemetryEncoding.JSON, 0);
    }

    /** @param readingsPerMessage readings in every compact batch the publisher sends; unused for JSON */
    static BaselineSubscriber start(int port, Path runDir, TelemetryEncoding encoding, int readingsPerMessage)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-V", "mqttv5",
                "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-i", "bench-baseline",
                // As many unacknowledged QoS 1 messages as the console's Paho session allows (65,535).
                "-D", "connect", "receive-maximum", "65535",
                "-t", "fleetdeck/v1/+/telemetry"));
        if (encoding == TelemetryEncoding.COMPACT) {
            command.addAll(List.of("-F", "%l %p"));
        }
        Process process = ChildProcesses.track(new ProcessBuilder(command)
                .redirectError(runDir.resolve("mosquitto_sub.log").toFile())
                .start());
        return new BaselineSubscriber(process, encoding, readingsPerMessage);
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

    /** Reads {@code <length> <payload>\n} records: the payload is skipped by its length, whatever bytes it holds. */
    private void countLengthPrefixed(int readingsPerMessage) {
        byte[] buffer = new byte[1 << 16];
        long length = 0;
        long skip = -1;
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long done = 0;
                int i = 0;
                while (i < n) {
                    if (skip > 0) {
                        int step = (int) Math.min(skip, n - i);
                        skip -= step;
                        i += step;
                    } else if (skip == 0) {
                        // The newline mosquitto_sub prints after the payload.
                        skip = -1;
                        done++;
                        i++;
                    } else if (buffer[i] == ' ') {
                        skip = length;
                        length = 0;
                        i++;
                    } else {
                        length = length * 10 + (buffer[i] - '0');
                        i++;
                    }
                }
                messages.addAndGet(done);
                readings.addAndGet(done * readingsPerMessage);
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
