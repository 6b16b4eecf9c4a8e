package io.fleetdeck.console.export;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.console.history.HistoryQueryException;
import io.fleetdeck.console.history.ReadingSource;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Writes stored readings to a file or a stream as CSV or JSON Lines, streaming: one sensor's scan at a time, rows
 * formatted into a buffer as they come, so memory stays flat for any number of readings. Rows are grouped by device
 * (in request order, else by id) and sensor (sorted), oldest first within each.
 *
 * <p>An export into a file goes through a hidden temporary file in the target's directory and is renamed over the
 * target only when complete, so a failed or cancelled export leaves no partial file (and an existing file unchanged).
 * Cancel with the flag given, or by interrupting the exporting thread. Blocks: never call it on the JavaFX thread.
 */
public final class HistoryExport {
    private static final Logger log = LoggerFactory.getLogger(HistoryExport.class);
    /** Readings between progress reports and cancellation checks. */
    public static final int PROGRESS_EVERY = 16_384;
    private static final int BUFFER_CHARS = 1 << 16;
    private static final Path STANDARD_OUTPUT = Path.of("-");

    private final ReadingSource source;

    public HistoryExport(ReadingSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Exports into {@code target}, replacing it atomically when done.
     *
     * @throws ExportWriteException     when the file cannot be written ({@link ExportDiskFullException} on a full disk)
     * @throws ExportCancelledException when cancelled or interrupted
     */
    public ExportResult toFile(ExportRequest request, Path target, ExportListener listener,
                               BooleanSupplier cancelled) {
        Path absolute = target.toAbsolutePath();
        // Devices and the estimate first: a cancel while they are counted leaves not even an empty file.
        Run run = new Run(request, listener, cancelled, absolute);
        Path temp;
        try {
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new ExportWriteException(absolute, e);
        }
        boolean published = false;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                run.writeAll(out);
            } catch (IOException e) {
                throw run.failure(e);
            }
            try {
                DurableFiles.publish(temp, absolute);
            } catch (IOException e) {
                throw new ExportWriteException(absolute, e);
            }
            published = true;
            log.info("Exported {} readings of {} sensors to {}", run.written, run.sensors, absolute);
            return new ExportResult(Optional.of(absolute), run.written, run.sensors);
        } finally {
            if (!published) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Exports into {@code out} (e.g. standard output), which it flushes but does not close. A failure part way leaves
     * what was written so far in the stream.
     */
    public ExportResult toStream(ExportRequest request, OutputStream out, ExportListener listener,
                                 BooleanSupplier cancelled) {
        Run run = new Run(request, listener, cancelled, STANDARD_OUTPUT);
        try {
            run.writeAll(out);
        } catch (IOException e) {
            throw run.failure(e);
        }
        return new ExportResult(Optional.empty(), run.written, run.sensors);
    }

    /** One export's state: what is written so far, for progress and for the messages of failures. */
    private final class Run {
        private final ExportRequest request;
        private final ExportListener listener;
        private final BooleanSupplier cancelled;
        private final Path target;
        private long written;
        private int sensors;
        private final List<DeviceId> devices;
        private final OptionalLong estimate;

        Run(ExportRequest request, ExportListener listener, BooleanSupplier cancelled, Path target) {
            this.request = Objects.requireNonNull(request, "request");
            this.listener = Objects.requireNonNull(listener, "listener");
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            this.target = target;
            this.devices = request.devices().isEmpty()
                    ? source.devices().stream().map(StoredDevice::id).toList() : request.devices();
            this.estimate = estimate(devices);
            checkCancelled();
        }

        void writeAll(OutputStream stream) throws IOException {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS);
            RowWriter rows = request.format().rows(out);
            rows.header();
            try {
                for (DeviceId device : devices) {
                    List<String> ids = request.sensors().isEmpty() ? source.sensors(device) : request.sensors();
                    for (String sensor : ids) {
                        checkCancelled();
                        rows.sensor(device.value(), sensor);
                        source.scan(device, sensor, request.fromMs(), request.toMs(), (ts, value) -> {
                            try {
                                rows.row(ts, value);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            if (++written % PROGRESS_EVERY == 0) {
                                checkCancelled();
                                report();
                            }
                        });
                        sensors++;
                        report();
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (HistoryQueryException e) {
                // The query pool's wait gives up on an interrupt: that is a cancel, not a broken file.
                if (e.getCause() instanceof InterruptedException) {
                    throw new ExportCancelledException(written);
                }
                throw e;
            }
            out.flush();
            report();
        }

        private OptionalLong estimate(List<DeviceId> devices) {
            if (!request.sensors().isEmpty()) {
                return OptionalLong.empty();
            }
            long total = 0;
            for (DeviceId device : devices) {
                OptionalLong count = source.estimatedReadings(device);
                if (count.isEmpty()) {
                    return OptionalLong.empty();
                }
                total += count.getAsLong();
            }
            return OptionalLong.of(total);
        }

        private void checkCancelled() {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new ExportCancelledException(written);
            }
        }

        private void report() {
            listener.onProgress(new ExportProgress(written, estimate));
        }

        /** What an I/O error during the export means to the caller. */
        RuntimeException failure(IOException e) {
            if (e instanceof ClosedByInterruptException || e instanceof InterruptedIOException) {
                return new ExportCancelledException(written);
            }
            if (ExportDiskFullException.isDiskFull(e)) {
                return new ExportDiskFullException(target, written, e);
            }
            return new ExportWriteException(target, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("Cannot remove the partial export {}: {}", temp, e.getMessage());
        }
    }
}
