package io.fleetdeck.console.record;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditExport;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.export.ExportDiskFullException;
import io.fleetdeck.console.export.ExportFormat;
import io.fleetdeck.console.export.ExportRequest;
import io.fleetdeck.console.export.ExportWriteException;
import io.fleetdeck.console.export.HistoryExport;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.SensorDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One session record being written (see {@link SessionRecordWriter}): its parts in order into a temporary zip, then
 * published; what is written so far, for progress and for the messages of failures.
 */
final class RecordRun {
    private static final Logger log = LoggerFactory.getLogger(RecordRun.class);
    /** Readings further apart than this many sampling periods are drawn apart (as the window's charts do)... */
    private static final int GAP_PERIODS = 5;
    /** ...but never closer than this, and this when the period is unknown. */
    private static final long MIN_GAP_MS = 2_000;
    private static final long UNKNOWN_PERIOD_GAP_MS = 10_000;

    private final SessionSources sources;
    private final Clock clock;
    private final String user;
    private final SessionRecordRequest request;
    private final Path target;
    private final SessionRecordListener listener;
    private final BooleanSupplier cancelled;
    private final List<String> entries = new ArrayList<>();
    private final Map<SensorRef, SensorDescriptor> descriptors = new HashMap<>();
    private int done;
    private int total;
    private long readings;

    RecordRun(SessionSources sources, Clock clock, String user, SessionRecordRequest request, Path target,
              SessionRecordListener listener, BooleanSupplier cancelled) {
        this.sources = sources;
        this.clock = clock;
        this.user = user;
        this.request = Objects.requireNonNull(request, "request");
        this.target = target;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    }

    SessionRecordResult write() {
        report("reading the audit log, library and jobs");
        List<AuditEntry> audit = sources.audit().entries(Optional.of(Instant.ofEpochMilli(request.fromMs())));
        SessionContent content = SessionContent.select(request, audit, sources.images().get(),
                sources.jobs().get());
        List<StoredDevice> devices = sources.history().devices();
        devices.forEach(device -> device.info().sensors().forEach(sensor ->
                descriptors.put(new SensorRef(device.id(), sensor.id()), sensor)));
        List<SensorRef> sensors = request.sensors().isEmpty() ? sensorsWithReadings(devices) : request.sensors();
        total = 4 + sensors.size();
        checkCancelled();
        Path temp;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new ExportWriteException(target, e);
        }
        boolean published = false;
        try {
            List<SensorSummary> summaries;
            try (FileOutputStream file = new FileOutputStream(temp.toFile());
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16),
                         StandardCharsets.UTF_8)) {
                summaries = writeEntries(zip, content, sensors);
                zip.finish();
                zip.flush();
                file.getChannel().force(true);
            } catch (IOException e) {
                throw failure(e);
            }
            try {
                DurableFiles.publish(temp, target);
            } catch (IOException e) {
                throw failure(e);
            }
            published = true;
            report("written");
            return new SessionRecordResult(target, entries, content.actions().size(), content.images().size(),
                    content.installs().size(), summaries.size(), readings);
        } finally {
            if (!published) {
                deleteQuietly(temp);
            }
        }
    }

    private List<SensorSummary> writeEntries(ZipOutputStream zip, SessionContent content, List<SensorRef> sensors)
            throws IOException {
        text(zip, "audit.csv", out -> AuditExport.write(content.actions(), AuditFormat.CSV, out));
        text(zip, "firmware.csv", out -> RecordTables.firmware(content.images(), out));
        text(zip, "installs.csv", out -> RecordTables.installs(content, out));
        Map<DeviceId, List<ChartMarker>> markers = ChartMarker.ofInstalls(content.installs());
        List<SensorSummary> summaries = new ArrayList<>();
        for (SensorRef sensor : sensors) {
            summaries.add(sensor(zip, sensor, markers.getOrDefault(sensor.device(), List.of())));
        }
        String summary = RecordSummary.markdown(request, content, summaries, user, clock.millis());
        text(zip, "summary.md", out -> out.write(summary));
        return summaries;
    }

    /** Writes one sensor's CSV and chart from one scan. */
    private SensorSummary sensor(ZipOutputStream zip, SensorRef sensor, List<ChartMarker> markers)
            throws IOException {
        report("telemetry of " + sensor.device().value() + " " + sensor.sensor());
        String csv = "telemetry/" + RecordText.pathPart(sensor.device().value()) + "/"
                + RecordText.pathPart(sensor.sensor()) + ".csv";
        String chart = "charts/" + RecordText.pathPart(sensor.device().value()) + "-"
                + RecordText.pathPart(sensor.sensor()) + ".png";
        SensorTrace trace = new SensorTrace(request.fromMs(), request.toMs(), ChartPng.PLOT_COLUMNS);
        long before = readings;
        begin(zip, csv);
        try {
            new HistoryExport(new ObservedSource(sources.history(), trace)).toStream(
                    ExportRequest.of(sensor.device(), sensor.sensor(), request.fromMs(), request.toMs(),
                            ExportFormat.CSV), EntryStream.of(zip),
                    progress -> {
                        readings = before + progress.written();
                        report("telemetry of " + sensor.device().value() + " " + sensor.sensor());
                    }, cancelled);
        } catch (ExportCancelledException e) {
            throw new ExportCancelledException(before + e.written());
        } catch (ExportWriteException e) {
            // It names "-" (a stream) as its target: the record's own message names the zip.
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        zip.closeEntry();
        readings = before + trace.count();
        Optional<SensorDescriptor> descriptor = Optional.ofNullable(descriptors.get(sensor));
        String label = descriptor.map(SensorDescriptor::label).filter(text -> !text.isBlank())
                .orElse(sensor.sensor());
        String unit = descriptor.map(SensorDescriptor::unit).orElse("");
        String title = sensor.device().value() + " · " + label + (unit.isEmpty() ? "" : " (" + unit + ")");
        long period = descriptor.map(SensorDescriptor::periodMs).orElse(0L);
        long gap = period > 0 ? Math.max(MIN_GAP_MS, GAP_PERIODS * period) : UNKNOWN_PERIOD_GAP_MS;
        checkCancelled();
        byte[] png = ChartPng.render(title, trace, gap, markers);
        begin(zip, chart);
        zip.write(png);
        zip.closeEntry();
        done++;
        return new SensorSummary(sensor, label, unit, csv, chart, trace.count(), trace.min(), trace.max(),
                trace.mean());
    }

    /** Every sensor of every stored device with at least one reading in the range, by device then sensor. */
    private List<SensorRef> sensorsWithReadings(List<StoredDevice> devices) {
        List<SensorRef> found = new ArrayList<>();
        for (StoredDevice device : devices.stream().sorted(Comparator.comparing(d -> d.id().value())).toList()) {
            for (String sensor : sources.history().sensors(device.id())) {
                checkCancelled();
                if (hasReadings(device.id(), sensor)) {
                    found.add(new SensorRef(device.id(), sensor));
                }
            }
        }
        return found;
    }

    private boolean hasReadings(DeviceId device, String sensor) {
        try {
            sources.history().scan(device, sensor, request.fromMs(), request.toMs(), (ts, value) -> {
                throw FoundOne.INSTANCE;
            });
            return false;
        } catch (FoundOne found) {
            return true;
        }
    }

    private void text(ZipOutputStream zip, String name, TextBody body) throws IOException {
        checkCancelled();
        report("writing " + name);
        begin(zip, name);
        Writer out = new OutputStreamWriter(EntryStream.of(zip), StandardCharsets.UTF_8);
        body.write(out);
        out.flush();
        zip.closeEntry();
        done++;
    }

    private void begin(ZipOutputStream zip, String name) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(clock.millis());
        zip.putNextEntry(entry);
        entries.add(name);
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new ExportCancelledException(readings);
        }
    }

    private void report(String step) {
        listener.onProgress(new SessionRecordProgress(done, total, readings, step));
    }

    /** What an I/O error while writing means to the caller. */
    private RuntimeException failure(IOException e) {
        if (e instanceof ClosedByInterruptException || e instanceof InterruptedIOException) {
            return new ExportCancelledException(readings);
        }
        if (ExportDiskFullException.isDiskFull(e)) {
            return new ExportDiskFullException(target, readings, e);
        }
        return new ExportWriteException(target, e);
    }

    @FunctionalInterface
    private interface TextBody {
        void write(Writer out) throws IOException;
    }

    /** Stops a probe scan at its first reading; no stack trace, it is not an error. */
    private static final class FoundOne extends RuntimeException {
        static final FoundOne INSTANCE = new FoundOne();

        private FoundOne() {
            super("found a reading", null, false, false);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("Cannot remove the partial session record {}: {}", temp, e.getMessage());
        }
    }
}
