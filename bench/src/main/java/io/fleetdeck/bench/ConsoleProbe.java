package io.fleetdeck.bench;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.history.HistoryHealth;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.model.DeviceId;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console JVM of the benchmark: the console's whole ingest without a window ({@link ConsoleRuntime} against an
 * external broker: Paho subscriber, strict decode, registry, SQLite writer, live feed) plus {@link ChartBuffers}.
 * The runner drives it over stdin, one command a line: {@code mark} starts a measurement window, {@code report}
 * prints the window's figures, {@code finish} waits for ingest to go quiet, flushes history, prints totals and exits.
 */
public final class ConsoleProbe {
    private final ConsoleRuntime runtime;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final ChartBuffers charts;
    private final JvmUsage usage = new JvmUsage();
    private long markNs;
    private long markMessages;
    private long markAccepted;
    private long markCommitted;

    /** {@code broker} empty: the console's own embedded broker on {@code embeddedPort}, open to any client. */
    private ConsoleProbe(Optional<String> broker, int embeddedPort, Path data, List<DeviceId> devices) {
        runtime = ConsoleRuntime.start(broker.isPresent()
                ? new ConsoleSettings(broker, "127.0.0.1", 0, data, 0, 1, List.of())
                : new ConsoleSettings(Optional.empty(), "127.0.0.1", embeddedPort, data, 0, 1, List.of(), "bench", 0,
                true), Clock.systemUTC());
        charts = new ChartBuffers(runtime.feed(), devices, latency);
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<DeviceId> devices = new ArrayList<>();
        for (int i = 1; i <= args.integer("devices"); i++) {
            devices.add(DeviceId.of(String.format("%s-%04d", args.text("prefix"), i)));
        }
        String broker = args.text("broker", "");
        ConsoleProbe probe = new ConsoleProbe(broker.isEmpty() ? Optional.empty() : Optional.of(broker),
                Integer.parseInt(args.text("embedded-port", "0")), Path.of(args.text("data")), devices);
        probe.awaitConnected(Duration.ofSeconds(15));
        // A console restarted after a kill must not have found its file corrupt: the recount would miss it all.
        ResultLines.put("history-moved-aside", probe.runtime.store().health().corruptFileMovedTo()
                .map(Path::toString).orElse("no"));
        probe.reportProgress();
        ResultLines.put("ready", "1");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.strip()) {
                case "mark" -> probe.mark();
                case "report" -> probe.report();
                case "finish" -> {
                    probe.finish();
                    return;
                }
                default -> ResultLines.put("error", "unknown command " + command);
            }
        }
        // The runner went away: stop without reporting.
        probe.close();
    }

    private void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runtime.connection().state() != ConnectionStatus.State.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("console did not connect to " + runtime.brokerUrl() + ": "
                        + runtime.connection().detail());
            }
            Thread.sleep(50);
        }
        // The subscription is sent right after CONNACK; give the broker time to register it before load starts.
        Thread.sleep(1_000);
    }

    /**
     * Twice a second {@code @ progress MESSAGES DECODED COMMITTED}, so the runner can tell when the console has caught
     * up with a backlog without stopping it.
     */
    private void reportProgress() {
        Thread.ofPlatform().daemon().name("bench-progress").start(() -> {
            while (true) {
                ResultLines.put("progress", runtime.ingest().messages() + " " + runtime.ingest().acceptedReadings()
                        + " " + runtime.store().health().committedReadings());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void mark() {
        markNs = System.nanoTime();
        markMessages = runtime.ingest().messages();
        markAccepted = runtime.ingest().acceptedReadings();
        markCommitted = runtime.store().health().committedReadings();
        latency.reset();
        usage.mark();
        ResultLines.put("marked", "1");
    }

    private void report() {
        double seconds = (System.nanoTime() - markNs) / 1e9;
        HistoryHealth health = runtime.store().health();
        ResultLines.put("window-s", seconds);
        ResultLines.put("messages-per-s", (runtime.ingest().messages() - markMessages) / seconds);
        ResultLines.put("accepted-per-s", (runtime.ingest().acceptedReadings() - markAccepted) / seconds);
        ResultLines.put("committed-per-s", (health.committedReadings() - markCommitted) / seconds);
        ResultLines.put("history-queued", health.queuedReadings());
        ResultLines.put("history-dropped", health.droppedReadings());
        putLatency("latency-reading-", latency.readingsSinceReset());
        putLatency("latency-batch-", latency.batchesSinceReset());
        usage.report("jvm-");
        ResultLines.put("reported", "1");
    }

    private static void putLatency(String prefix, Histogram histogram) {
        ResultLines.put(prefix + "count", histogram.getTotalCount());
        ResultLines.put(prefix + "p50-ms", histogram.getValueAtPercentile(50));
        ResultLines.put(prefix + "p99-ms", histogram.getValueAtPercentile(99));
        ResultLines.put(prefix + "max-ms", histogram.getMaxValue());
    }

    /** Waits until no message arrived for a second (bounded), flushes history and prints the run's totals. */
    private void finish() throws InterruptedException {
        long last = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (runtime.ingest().messages() != last && System.nanoTime() < deadline) {
            last = runtime.ingest().messages();
            Thread.sleep(1_000);
        }
        boolean flushed = runtime.store().flush(Duration.ofSeconds(60));
        HistoryHealth health = runtime.store().health();
        ResultLines.put("flushed", flushed);
        ResultLines.put("total-messages", runtime.ingest().messages());
        ResultLines.put("total-accepted", runtime.ingest().acceptedReadings());
        ResultLines.put("total-committed", health.committedReadings());
        ResultLines.put("total-duplicates", health.duplicateReadings());
        ResultLines.put("total-dropped", health.droppedReadings());
        charts.close();
        ResultLines.put("chart-drained", charts.drained());
        ResultLines.put("chart-dropped", charts.dropped());
        close();
        ResultLines.put("finished", "1");
    }

    private void close() {
        charts.close();
        usage.close();
        runtime.close();
    }
}
