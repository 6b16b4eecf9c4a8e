package io.fleetdeck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Ingest and fan-out through the console's embedded broker with TLS off, then on, in one JVM: {@code --publishers}
 * device sessions (default 4) → broker → the console's subscriber (ingest), then the same plus {@code --fanout}
 * subscribers (default 4). Prints messages per second for each and the TLS-on/off ratio. No SQLite, no decode: this
 * measures what TLS costs the broker and the clients, not the console's ingest pipeline (see docs/benchmarks.md).
 * Everything listens and connects on 127.0.0.1.
 */
public final class TlsBenchMain {
    private TlsBenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int publishers = args.integer("publishers", 4);
        int fanout = args.integer("fanout", 4);
        int warmup = args.integer("warmup-seconds", 3);
        int seconds = args.integer("seconds", 10);
        double[] off = run(false, publishers, fanout, warmup, seconds);
        double[] on = run(true, publishers, fanout, warmup, seconds);
        System.out.printf(Locale.ROOT, "%-34s %12s %12s %8s%n", "messages/s (100 readings each)", "TLS off", "TLS on",
                "on/off");
        String[] rows = {"ingest: console received", "ingest: devices acked",
                "fan-out: console received", "fan-out: per extra subscriber", "fan-out: devices acked"};
        for (int i = 0; i < rows.length; i++) {
            System.out.printf(Locale.ROOT, "%-34s %12.0f %12.0f %8.2f%n", rows[i], off[i], on[i], on[i] / off[i]);
        }
    }

    /** Rates: ingest console, ingest acked, fan-out console, fan-out per subscriber, fan-out acked. */
    private static double[] run(boolean tls, int publishers, int fanout, int warmup, int seconds) throws Exception {
        Path data = Files.createTempDirectory("fleetdeck-bench-tls-");
        try (TlsBenchRun run = new TlsBenchRun(data, tls)) {
            System.out.println("TLS " + (tls ? "on" : "off") + ": devices at " + run.deviceUrl());
            run.startConsole();
            run.startPublishers(publishers);
            double[] ingest = rates(warmup, seconds, run::consoleReceived, run::acked);
            run.startFanout(fanout);
            double[] fan = rates(warmup, seconds, run::consoleReceived, run::fanoutReceived, run::acked);
            return new double[]{ingest[0], ingest[1], fan[0], fan[1] / fanout, fan[2]};
        } finally {
            OtaRun.deleteTree(data);
        }
    }

    /** Each counter's delta per second over the same {@code seconds}, after {@code warmup} seconds not counted. */
    private static double[] rates(int warmup, int seconds, LongSupplier... counters) throws InterruptedException {
        Thread.sleep(warmup * 1000L);
        long[] before = new long[counters.length];
        for (int i = 0; i < counters.length; i++) {
            before[i] = counters[i].getAsLong();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] rates = new double[counters.length];
        for (int i = 0; i < counters.length; i++) {
            rates[i] = (counters[i].getAsLong() - before[i]) / elapsed;
        }
        return rates;
    }
}
