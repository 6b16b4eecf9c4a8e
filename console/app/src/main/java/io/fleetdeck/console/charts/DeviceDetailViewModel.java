package io.fleetdeck.console.charts;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.console.ingest.LiveFeed;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Live charts of one device: a {@link SensorSeries} per announced sensor, fed by the live feed on the ingest thread
 * and back-filled from history when opened. The view drains the series into its charts once per pulse.
 */
public final class DeviceDetailViewModel implements AutoCloseable {
    /** Points per sensor fetched from history; thinned evenly by the store when the window holds more. */
    static final int HISTORY_POINTS = 2_000;

    private final DeviceId device;
    private final List<SensorSeries> series = new ArrayList<>();
    private final Map<String, SensorSeries> bySensor = new HashMap<>();
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final IntegerProperty windowSeconds = new SimpleIntegerProperty(300);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper historyState = new ReadOnlyStringWrapper("loading history…");
    private final ReadOnlyBooleanWrapper historyLoading =
            new ReadOnlyBooleanWrapper(false);
    private final LiveFeed.Subscription subscription;
    private final FirmwareJobs jobs;
    private final ObservableList<FirmwareChange> firmwareChanges = FXCollections.observableArrayList();
    private long jobsRevision = -1;

    public DeviceDetailViewModel(DeviceSnapshot snapshot, LiveFeed feed) {
        this(snapshot, feed, FirmwareJobs.NONE);
    }

    public DeviceDetailViewModel(DeviceSnapshot snapshot, LiveFeed feed, FirmwareJobs jobs) {
        this.device = snapshot.id();
        this.jobs = jobs;
        title.set(snapshot.displayName());
        DeviceInfo info = snapshot.info().orElse(null);
        details.set(info == null ? device.value() + " · waiting for device info"
                : device.value() + " · " + info.model() + " · fw " + info.firmwareVersion() + " (slot "
                + info.activeSlot() + ")" + (info.serial().isEmpty() ? "" : " · serial " + info.serial()));
        if (info != null) {
            for (SensorDescriptor sensor : info.sensors()) {
                SensorSeries one = new SensorSeries(sensor);
                series.add(one);
                bySensor.put(sensor.id(), one);
            }
        }
        subscription = feed.subscribe(device, this::onReadings);
    }

    private void onReadings(DeviceId id, List<Reading> readings) {
        for (Reading reading : readings) {
            SensorSeries one = bySensor.get(reading.sensor());
            if (one != null) {
                one.addLive(reading.ts(), reading.value());
            }
        }
    }

    /**
     * Fetches the last window of history for every sensor in the background and hands each sensor's points to
     * {@code apply} on the UI executor, older than the first live point only, so nothing is drawn twice.
     */
    public CompletableFuture<Void> loadHistory(ReadingStore store, BackgroundTasks tasks, long nowMs,
                                               Consumer<HistoryBlock> apply) {
        int window = windowSeconds.get();
        long from = nowMs - window * 1000L;
        historyLoading.set(true);
        historyState.set("loading history…");
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (SensorSeries one : series) {
            loads.add(CompletableFuture
                    .supplyAsync(() -> store.history(device, one.sensor().id(), from, nowMs, HISTORY_POINTS),
                            tasks.background())
                    .thenAcceptAsync(points -> apply.accept(toBlock(one, points, window)),
                            tasks.ui()));
        }
        return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((ok, failure) -> {
                    historyLoading.set(false);
                    historyState.set(failure == null ? "" : "history unavailable: " + rootMessage(failure));
                }, tasks.ui());
    }

    private static HistoryBlock toBlock(SensorSeries one, List<Reading> points, int windowSeconds) {
        double cutoff = one.firstLiveX();
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        int n = 0;
        for (Reading point : points) {
            double x = point.ts() / 1000.0;
            if (x < cutoff) {
                xs[n] = x;
                ys[n] = point.value();
                n++;
            }
        }
        return new HistoryBlock(one, java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n), windowSeconds,
                HISTORY_POINTS);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    public DeviceId device() {
        return device;
    }

    /**
     * Re-reads this device's firmware changes from the jobs when any job changed since the last look; cheap when
     * nothing did, so the view calls it every pulse. FX thread.
     */
    public void refreshFirmwareChanges() {
        long revision = jobs.revision();
        if (revision == jobsRevision) {
            return;
        }
        jobsRevision = revision;
        List<FirmwareChange> now = FirmwareChange.of(device, jobs.jobs());
        if (!now.equals(firmwareChanges)) {
            firmwareChanges.setAll(now);
        }
    }

    /** This device's firmware changes, oldest first (committed and rolled-back installs). */
    public ObservableList<FirmwareChange> firmwareChanges() {
        return firmwareChanges;
    }

    /** The announced sensors, in announcement order. */
    public List<SensorDescriptor> sensors() {
        return series.stream().map(SensorSeries::sensor).toList();
    }

    public List<SensorSeries> series() {
        return List.copyOf(series);
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public IntegerProperty windowSecondsProperty() {
        return windowSeconds;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Whether a history load is under way: the pane shows a spinner beside {@link #historyStateProperty()}. */
    public ReadOnlyBooleanProperty historyLoadingProperty() {
        return historyLoading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty historyStateProperty() {
        return historyState.getReadOnlyProperty();
    }

    /** Stops receiving live data; the charts keep what they show. */
    @Override
    public void close() {
        subscription.close();
    }

    /** History points of one sensor, x in epoch seconds, oldest first. */
    /**
     * One sensor's history: {@code xs}/{@code ys} as the store decimated them to at most {@code points} points over
     * {@code windowSeconds}.
     */
    public record HistoryBlock(SensorSeries series, double[] xs, double[] ys, double windowSeconds, int points) {
    }
}
