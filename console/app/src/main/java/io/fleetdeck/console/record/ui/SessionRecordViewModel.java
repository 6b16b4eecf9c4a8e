package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.charts.BackgroundTasks;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.record.SensorRef;
import io.fleetdeck.console.record.SessionRecordProgress;
import io.fleetdeck.console.record.SessionRecordRequest;
import io.fleetdeck.console.record.SessionRecordResult;
import io.fleetdeck.console.record.SessionRecordWriter;
import io.fleetdeck.model.SensorDescriptor;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * File → Export session record…: the time range (default: since the console started, up to now), the sensors
 * (default: all of them), the zip to write; runs the {@link SessionRecordWriter} in the background, shows how far it
 * is and how it ended, and cancels on request. Properties change on the FX thread only; progress is coalesced to at
 * most one UI update in flight.
 */
public final class SessionRecordViewModel {
    private static final Logger log = LoggerFactory.getLogger(SessionRecordViewModel.class);
    /** Compact UTC times for file names: sortable, and no colons (which some file systems refuse). */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FIELD_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FIELD_TIME_MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private final SessionRecordWriter writer;
    private final Supplier<List<DeviceSnapshot>> devices;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final Instant consoleStarted;
    private final ZoneId zone;
    private final Path directory;
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final StringProperty target = new SimpleStringProperty("");
    private final ObservableList<SensorChoice> sensors = FXCollections.observableArrayList(
            choice -> new Observable[]{choice.chosenProperty()});
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<SessionRecordResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<SessionRecordProgress> latest = new AtomicReference<>();
    private final AtomicBoolean updateQueued = new AtomicBoolean();
    private volatile AtomicBoolean cancel = new AtomicBoolean();

    /**
     * @param devices        the fleet as the registry knows it (in memory: cheap on the FX thread)
     * @param consoleStarted the default start of the session
     * @param directory      where the zip goes unless the operator says otherwise
     */
    public SessionRecordViewModel(SessionRecordWriter writer, Supplier<List<DeviceSnapshot>> devices,
                                  BackgroundTasks tasks, Clock clock, Instant consoleStarted, ZoneId zone,
                                  Path directory) {
        this.writer = writer;
        this.devices = devices;
        this.tasks = tasks;
        this.clock = clock;
        this.consoleStarted = consoleStarted;
        this.zone = zone;
        this.directory = directory;
    }

    /** Fills the form afresh: since the console started, up to now, every sensor ticked. Not while running. */
    public void reset() {
        if (running.get()) {
            return;
        }
        Instant now = clock.instant();
        from.set(field(consoleStarted));
        to.set(field(now));
        target.set(directory.resolve("fleetdeck-session-" + NAME_TIME.format(consoleStarted) + "-"
                + NAME_TIME.format(now) + ".zip").toString());
        sensors.setAll(devices.get().stream()
                .sorted(Comparator.comparing(device -> device.id().value()))
                .flatMap(device -> device.info().stream().flatMap(info -> info.sensors().stream()
                        .map(sensor -> new SensorChoice(new SensorRef(device.id(), sensor.id()), label(sensor)))))
                .toList());
        progress.set(0);
        status.set("");
    }

    private static String label(SensorDescriptor sensor) {
        String label = sensor.label().isBlank() ? sensor.id() : sensor.label();
        return sensor.unit().isEmpty() ? label : label + " (" + sensor.unit() + ")";
    }

    private String field(Instant at) {
        return FIELD_TIME.format(LocalDateTime.ofInstant(at, zone));
    }

    /** Sets the end of the session to now. */
    public void endNow() {
        to.set(field(clock.instant()));
    }

    /** Ticks every sensor, or none. */
    public void chooseAll(boolean chosen) {
        sensors.forEach(choice -> choice.chosenProperty().set(chosen));
    }

    /** Writes the record the form describes, in the background. FX thread. */
    public void export() {
        if (running.get()) {
            return;
        }
        SessionRecordRequest request;
        Path file;
        try {
            long fromMs = parse("start", from.get());
            long toMs = parse("end", to.get());
            if (toMs < fromMs) {
                throw new IllegalArgumentException("the end is before the start");
            }
            List<SensorRef> chosen = sensors.stream().filter(choice -> choice.chosenProperty().get())
                    .map(SensorChoice::sensor).toList();
            // Every sensor ticked means every sensor that has readings in the range (and any that joined since).
            boolean all = !sensors.isEmpty() && chosen.size() == sensors.size();
            request = new SessionRecordRequest(fromMs, toMs, all ? List.of() : chosen);
            file = Path.of(target.get().strip());
            if (target.get().isBlank()) {
                throw new IllegalArgumentException("say where the record goes");
            }
        } catch (IllegalArgumentException e) {
            status.set("Not exported: " + e.getMessage());
            return;
        }
        AtomicBoolean cancelThis = new AtomicBoolean();
        cancel = cancelThis;
        running.set(true);
        progress.set(-1);
        lastResult.set(null);
        status.set("Writing the session record…");
        CompletableFuture
                .supplyAsync(() -> writer.write(request, file, this::onProgress, cancelThis::get), tasks.background())
                .whenCompleteAsync((result, failure) -> finished(file, result, failure), tasks.ui());
    }

    private long parse(String which, String text) {
        String trimmed = text.strip();
        try {
            return Instant.parse(trimmed).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            String local = trimmed.replace('T', ' ');
            for (DateTimeFormatter format : List.of(FIELD_TIME, FIELD_TIME_MINUTES)) {
                try {
                    return LocalDateTime.parse(local, format).atZone(zone).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    // Next format.
                }
            }
        }
        throw new IllegalArgumentException("the " + which + " \"" + trimmed + "\" is not a time like "
                + FIELD_TIME.format(LocalDateTime.ofInstant(clock.instant(), zone)));
    }

    /** Asks a running export to stop; it leaves no file behind. */
    public void cancel() {
        cancel.set(true);
    }

    /** Writing thread: keeps the newest figure and queues one UI update unless one is waiting already. */
    private void onProgress(SessionRecordProgress figure) {
        latest.set(figure);
        if (updateQueued.compareAndSet(false, true)) {
            tasks.ui().execute(() -> {
                updateQueued.set(false);
                SessionRecordProgress now = latest.get();
                if (running.get() && now != null) {
                    // Until it knows how many sensors it takes, the bar is indeterminate.
                    progress.set(now.total() == 0 ? -1 : now.fraction());
                    status.set(String.format("Writing the session record: %s (%,d readings)…", now.step(),
                            now.readings()));
                }
            });
        }
    }

    private void finished(Path file, SessionRecordResult result, Throwable failure) {
        running.set(false);
        if (failure == null) {
            progress.set(1);
            lastResult.set(result);
            status.set(String.format("Wrote %s: %d actions, %d images, %d installs, %d sensors, %,d readings",
                    result.file(), result.actions(), result.images(), result.installs(), result.sensors(),
                    result.readings()));
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        progress.set(0);
        if (cause instanceof ExportCancelledException) {
            log.info("Session record {} cancelled", file);
            status.set("Cancelled; no file written");
        } else {
            log.warn("Session record {} failed: {}", file, cause.getMessage(), cause);
            status.set("Not exported: " + cause.getMessage());
        }
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public StringProperty targetProperty() {
        return target;
    }

    /** The target's file name, for a save dialog's suggestion. */
    public String suggestedName() {
        return Optional.ofNullable(Path.of(target.get().isBlank() ? "session.zip" : target.get().strip())
                .getFileName()).map(Path::toString).orElse("session.zip");
    }

    public ObservableList<SensorChoice> sensors() {
        return sensors;
    }

    /** True when no sensor is ticked: the record would hold no telemetry (allowed, but worth a look). */
    public BooleanBinding noSensorChosen() {
        return Bindings.createBooleanBinding(() -> sensors.stream().noneMatch(c -> c.chosenProperty().get()),
                sensors);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1, or -1 while it is not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last record written, or null. */
    public ReadOnlyObjectProperty<SessionRecordResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }
}
