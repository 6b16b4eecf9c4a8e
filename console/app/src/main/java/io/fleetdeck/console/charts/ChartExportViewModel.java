package io.fleetdeck.console.charts;

import io.fleetdeck.console.ui.Failures;
import io.fair_acc.chartfx.utils.WriteFxImage;
import io.fleetdeck.console.export.ImageExport;
import javafx.scene.image.Image;
import java.nio.ByteBuffer;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.export.ExportFormat;
import io.fleetdeck.console.export.ExportProgress;
import io.fleetdeck.console.export.ExportRequest;
import io.fleetdeck.console.export.ExportResult;
import io.fleetdeck.console.export.HistoryExport;
import io.fleetdeck.console.history.ReadingSource;
import io.fleetdeck.model.DeviceId;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "Export CSV…" of a device's charts: asks where, runs the export in the background, shows how far it is and how it
 * ended, and cancels on request. One export at a time per device pane. Properties change on the FX thread only;
 * progress from the exporting thread is coalesced to at most one UI update in flight.
 */
public final class ChartExportViewModel {
    private static final Logger log = LoggerFactory.getLogger(ChartExportViewModel.class);
    /** Compact UTC times for file names: sortable, and no colons (which some file systems refuse). */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final DeviceId device;
    private final ReadingSource source;
    private final BackgroundTasks tasks;
    private final ExportFileChooser chooser;
    private final Clock clock;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper written = new ReadOnlyLongWrapper(0);
    /** 0..1 when the source can estimate the total, else -1 (indeterminate). */
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ExportResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<ExportProgress> latest = new AtomicReference<>();
    private final AtomicBoolean updateQueued = new AtomicBoolean();
    private volatile AtomicBoolean cancel = new AtomicBoolean();

    public ChartExportViewModel(DeviceId device, ReadingSource source, BackgroundTasks tasks,
                                ExportFileChooser chooser, Clock clock) {
        this.device = device;
        this.clock = clock;
        this.source = source;
        this.tasks = tasks;
        this.chooser = chooser;
    }

    /** The file name offered for {@code sensor} (or "all") over a range: {@code <device>-<sensor>-<from>-<to>.csv}. */
    public String suggestedName(String sensor, long fromMs, long toMs) {
        return device.value() + "-" + sensor + "-" + NAME_TIME.format(Instant.ofEpochMilli(fromMs)) + "-"
                + NAME_TIME.format(Instant.ofEpochMilli(toMs)) + ".csv";
    }

    /** The last {@code seconds} up to now: the charts' selected window. */
    public TimeRange lastSeconds(int seconds) {
        long now = clock.millis();
        return new TimeRange(now - seconds * 1000L, now);
    }

    /** Exports one sensor's readings in {@code range} to a file the operator picks. FX thread. */
    public void exportSensor(String sensor, TimeRange range) {
        start(List.of(sensor), sensor, range.fromMs(), range.toMs());
    }

    /** Exports every sensor of the device over {@code range} to a file the operator picks. FX thread. */
    public void exportAllSensors(TimeRange range) {
        start(List.of(), "all", range.fromMs(), range.toMs());
    }

    private void start(List<String> sensors, String label, long fromMs, long toMs) {
        if (running.get()) {
            return;
        }
        Optional<Path> target = chooser.choose(suggestedName(label, fromMs, toMs));
        if (target.isEmpty()) {
            return;
        }
        ExportRequest request = new ExportRequest(List.of(device), sensors, fromMs, toMs, ExportFormat.CSV);
        AtomicBoolean cancelThis = new AtomicBoolean();
        cancel = cancelThis;
        running.set(true);
        written.set(0);
        progress.set(-1);
        lastResult.set(null);
        status.set("Exporting " + label + "…");
        CompletableFuture
                .supplyAsync(() -> new HistoryExport(source).toFile(request, target.get(), this::onProgress,
                        cancelThis::get), tasks.background())
                .whenCompleteAsync((result, failure) -> finished(target.get(), result, failure), tasks.ui());
    }

    /**
     * Saves a picture of the charts (the view's snapshot, taken on the FX thread) as a PNG file the operator picks;
     * encoding and writing happen in the background. FX thread.
     */
    public void exportChartsImage(Image snapshot) {
        if (running.get()) {
            return;
        }
        Optional<Path> target = chooser.choose(device.value() + "-charts-"
                + NAME_TIME.format(Instant.ofEpochMilli(clock.millis())) + ".png");
        if (target.isEmpty()) {
            return;
        }
        running.set(true);
        progress.set(-1);
        status.set("Saving the charts as an image…");
        CompletableFuture
                .supplyAsync(() -> ImageExport.write(target.get(), png(snapshot)), tasks.background())
                .whenCompleteAsync((file, failure) -> imageFinished(target.get(), file, failure), tasks.ui());
    }

    private static byte[] png(Image image) {
        ByteBuffer encoded = WriteFxImage.encode(image);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private void imageFinished(Path target, Path file, Throwable failure) {
        running.set(false);
        if (failure == null) {
            progress.set(1);
            status.set("Saved the charts to " + file);
            return;
        }
        Throwable cause = Failures.cause(failure);
        progress.set(0);
        log.warn("Saving the charts of {} to {} failed: {}", device, target, cause.getMessage(), cause);
        status.set("Saving the image failed: " + cause.getMessage());
    }

    /** Asks a running export to stop; it removes its partial file. */
    public void cancel() {
        cancel.set(true);
    }

    /** Exporting thread: keeps the newest figure and queues one UI update unless one is waiting already. */
    private void onProgress(ExportProgress figure) {
        latest.set(figure);
        if (updateQueued.compareAndSet(false, true)) {
            tasks.ui().execute(() -> {
                updateQueued.set(false);
                ExportProgress now = latest.get();
                if (running.get() && now != null) {
                    show(now);
                }
            });
        }
    }

    private void show(ExportProgress now) {
        written.set(now.written());
        progress.set(now.estimatedTotal().isPresent() && now.estimatedTotal().getAsLong() > 0
                ? Math.min(1.0, now.written() / (double) now.estimatedTotal().getAsLong()) : -1);
        status.set(String.format("Exporting… %,d readings", now.written()));
    }

    private void finished(Path target, ExportResult result, Throwable failure) {
        running.set(false);
        if (failure == null) {
            written.set(result.readings());
            progress.set(1);
            lastResult.set(result);
            status.set(String.format("Exported %,d readings to %s", result.readings(),
                    result.file().orElse(target)));
            return;
        }
        Throwable cause = Failures.cause(failure);
        progress.set(0);
        if (cause instanceof ExportCancelledException) {
            log.info("Export of {} to {} cancelled", device, target);
            status.set("Export cancelled; no file written");
        } else {
            log.warn("Export of {} to {} failed: {}", device, target, cause.getMessage(), cause);
            status.set("Export failed: " + cause.getMessage());
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty writtenProperty() {
        return written.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last export that finished, or null; what a test or a follow-up action reads. */
    public ReadOnlyObjectProperty<ExportResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }
}
