package io.fleetdeck.console.charts;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.history.ReadingSource;
import io.fleetdeck.console.history.ReadingStats;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.SensorDescriptor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * "Compare across an update": each sensor's count, mean, minimum and maximum over the same length of time before and
 * after a firmware change, from every stored reading. The length is half the chart window, shortened when the change
 * is more recent than that so both sides stay equal. Rows change on the FX thread only.
 */
public final class UpdateComparisonViewModel {
    /** Shorter than this after the change, a comparison says too little to show. */
    static final long MIN_SPAN_MS = 10_000;

    private final DeviceId device;
    private final List<SensorDescriptor> sensors;
    private final ReadingSource source;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final ObservableList<SensorComparison> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    /** Bumped per request, so an older answer arriving late is dropped. */
    private long request;

    public UpdateComparisonViewModel(DeviceId device, List<SensorDescriptor> sensors, ReadingSource source,
                                     BackgroundTasks tasks, Clock clock) {
        this.device = device;
        this.sensors = List.copyOf(sensors);
        this.source = source;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Compares every sensor across {@code change} over half of {@code windowSeconds}. FX thread. */
    public void compare(FirmwareChange change, int windowSeconds) {
        long mine = ++request;
        long span = Math.min(windowSeconds * 1000L / 2, clock.millis() - change.atMs());
        rows.clear();
        if (span < MIN_SPAN_MS) {
            status.set(change.label() + ": too recent to compare; wait a little");
            return;
        }
        status.set("Comparing " + spanText(span) + " before and after " + change.label() + "…");
        CompletableFuture
                .supplyAsync(() -> comparisons(change.atMs(), span), tasks.background())
                .whenCompleteAsync((result, failure) -> {
                    if (mine != request) {
                        return;
                    }
                    if (failure != null) {
                        status.set("Comparison failed: " + Failures.message(failure));
                        return;
                    }
                    rows.setAll(result);
                    status.set(spanText(span) + " before and after " + change.label() + " (job " + change.jobId()
                            + ")");
                }, tasks.ui());
    }

    /** Hides the comparison. FX thread. */
    public void clear() {
        request++;
        rows.clear();
        status.set("");
    }

    private List<SensorComparison> comparisons(long atMs, long span) {
        List<SensorComparison> result = new ArrayList<>();
        for (SensorDescriptor sensor : sensors) {
            // The change's own millisecond belongs to neither side.
            ReadingStats before = ReadingStats.over(source, device, sensor.id(), atMs - span, atMs - 1);
            ReadingStats after = ReadingStats.over(source, device, sensor.id(), atMs + 1, atMs + span);
            result.add(new SensorComparison(sensor.id(), sensor.label(), sensor.unit(), before, after));
        }
        return result;
    }

    private static String spanText(long spanMs) {
        long seconds = spanMs / 1000;
        if (seconds < 120) {
            return seconds + " s";
        }
        return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }

    public ObservableList<SensorComparison> rows() {
        return rows;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
