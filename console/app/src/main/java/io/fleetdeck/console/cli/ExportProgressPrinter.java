package io.fleetdeck.console.cli;

import io.fleetdeck.console.export.ExportListener;
import io.fleetdeck.console.export.ExportProgress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** Prints an export's progress on the terminal's error stream, at most one line a second, with the rate. */
final class ExportProgressPrinter implements ExportListener {
    private static final long SECOND_NS = 1_000_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long startNs;
    private long lastLineNs;

    ExportProgressPrinter(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.startNs = nanoTime.getAsLong();
        this.lastLineNs = startNs;
    }

    @Override
    public void onProgress(ExportProgress progress) {
        long now = nanoTime.getAsLong();
        if (now - lastLineNs < SECOND_NS) {
            return;
        }
        lastLineNs = now;
        String of = progress.estimatedTotal().isPresent()
                ? " of at most " + String.format("%,d", progress.estimatedTotal().getAsLong()) : "";
        err.printf("exported %,d readings%s (%,d/s)%n", progress.written(), of, rate(progress.written(), now));
        err.flush();
    }

    /** Readings per second since the start, up to {@code nowNs}. */
    long rate(long written, long nowNs) {
        long elapsed = Math.max(1, nowNs - startNs);
        return (long) (written * (double) SECOND_NS / elapsed);
    }

    double elapsedSeconds() {
        return (nanoTime.getAsLong() - startNs) / (double) SECOND_NS;
    }
}
