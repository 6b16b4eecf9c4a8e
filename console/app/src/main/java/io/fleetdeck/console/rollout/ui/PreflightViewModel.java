package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The pre-flight panel: what a drop is about to do, device by device, before any byte moves. Plans run on the
 * service's threads; each result comes back to the FX thread once, through {@code ui}, and a result for an older
 * drop than the one on screen is dropped, so a quick second drop cannot be overwritten by the first one's answer.
 */
public final class PreflightViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightViewModel.class);

    /** What the panel shows. */
    public enum Stage { HIDDEN, CHECKING, VERDICT, STARTING, FAILED }

    private final Rollouts rollouts;
    private final Executor ui;
    private final PreflightMarks marks;
    private final RolloutStatus status;
    private final Runnable libraryChanged;
    private final ReadOnlyObjectWrapper<Stage> stage = new ReadOnlyObjectWrapper<>(Stage.HIDDEN);
    private final ReadOnlyStringWrapper imageName = new ReadOnlyStringWrapper("");
    private final StringProperty version = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper planVersion = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper size = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sha = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper shaFull = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper models = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper installText = new ReadOnlyStringWrapper("Install");
    private final ObservableList<VerdictRow> rows = FXCollections.observableArrayList();
    private final BooleanBinding versionEdited;
    private final BooleanBinding installDisabled;
    private final BooleanBinding recheckDisabled;
    private List<DeviceId> devices = List.of();
    private RolloutPlan plan;
    /** The library image on screen, kept after a failed re-check so the operator can correct the version. */
    private long imageId = -1;
    private long generation;

    /**
     * @param ui             runs completions on the FX thread
     * @param libraryChanged called after a plan, which may have imported the image
     */
    public PreflightViewModel(Rollouts rollouts, Executor ui, PreflightMarks marks, RolloutStatus status,
                              Runnable libraryChanged) {
        this.rollouts = rollouts;
        this.ui = ui;
        this.marks = marks;
        this.status = status;
        this.libraryChanged = libraryChanged;
        versionEdited = Bindings.createBooleanBinding(() -> !version.get().strip().equals(planVersion.get()),
                version, planVersion);
        installDisabled = Bindings.createBooleanBinding(() -> stage.get() != Stage.VERDICT || versionEdited.get()
                || plan == null || plan.cleared().isEmpty(), stage, versionEdited);
        recheckDisabled = Bindings.createBooleanBinding(() -> (stage.get() != Stage.VERDICT && stage.get() != Stage.FAILED)
                || imageId < 0 || version.get().isBlank() || !versionEdited.get(), stage, version, versionEdited);
    }

    /** A file was dropped on {@code targets}: import it, sign a release and ask each device. */
    public void planFile(Path file, List<DeviceId> targets) {
        imageId = -1;
        begin(ImageDrop.name(file), targets, "", () -> rollouts.plan(file, targets, Optional.empty()));
    }

    /** A library image was dropped on {@code targets}. */
    public void planLibraryImage(long imageId, String name, List<DeviceId> targets) {
        this.imageId = imageId;
        begin(name, targets, "", () -> rollouts.plan(imageId, targets, Optional.empty()));
    }

    /** Plans the same image again, promising the version the operator typed. */
    public void recheck() {
        String typed = version.get().strip();
        if (imageId < 0 || typed.isEmpty()) {
            return;
        }
        long image = imageId;
        List<DeviceId> targets = devices;
        begin(imageName.get(), targets, typed, () -> rollouts.plan(image, targets, Optional.of(typed)));
    }

    private void begin(String name, List<DeviceId> targets, String typedVersion,
                       Supplier<CompletableFuture<RolloutPlan>> call) {
        long ticket = ++generation;
        devices = List.copyOf(targets);
        plan = null;
        imageName.set(name);
        size.set("");
        sha.set("");
        shaFull.set("");
        models.set("");
        planVersion.set("");
        version.set(typedVersion);
        rows.setAll(devices.stream().map(VerdictRow::pending).toList());
        installText.set(installLabel(0));
        summary.set("");
        message.set("Checking image… importing, signing and asking " + devicesText(devices.size()));
        stage.set(Stage.CHECKING);
        marks.unmarkAll();
        Map<DeviceId, TileMark> checking = new HashMap<>();
        devices.forEach(device -> checking.put(device, TileMark.checking()));
        marks.mark(checking);
        status.info("Checking " + name + " for " + devicesText(devices.size()) + "…");
        CompletableFuture<RolloutPlan> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenCompleteAsync((result, failure) -> {
            if (ticket == generation) {
                planned(name, result, failure);
            }
        }, ui);
    }

    private void planned(String name, RolloutPlan result, Throwable failure) {
        if (failure != null) {
            String reason = Failures.message(failure);
            LOG.warn("Pre-flight of {} for {} failed: {}", name, devices, reason, Failures.cause(failure));
            marks.unmark(devices);
            rows.clear();
            message.set(reason);
            stage.set(Stage.FAILED);
            status.problem("Could not check " + name + ": " + reason);
            return;
        }
        plan = result;
        FirmwareImage image = result.image();
        imageId = image.id();
        imageName.set(image.name());
        planVersion.set(result.version());
        version.set(result.version());
        size.set(Quantities.bytes(image.compressedSize()) + " " + formatName(image) + " · "
                + Quantities.bytes(image.rawSize()) + " raw");
        sha.set(Quantities.shortSha(image.rawSha256()));
        shaFull.set(image.rawSha256());
        models.set(String.join(", ", result.release().manifest().models()));
        rows.setAll(result.verdicts().stream().map(VerdictRow::of).toList());
        Map<DeviceId, TileMark> verdicts = new HashMap<>();
        for (PreflightVerdict verdict : result.verdicts()) {
            verdicts.put(verdict.device(), verdict.cleared()
                    ? new TileMark(TileMark.Kind.CLEARED, "Cleared for " + result.version())
                    : new TileMark(TileMark.Kind.REFUSED, VerdictRow.reason(verdict)));
        }
        marks.mark(verdicts);
        int cleared = result.cleared().size();
        int refused = result.refused().size();
        installText.set(installLabel(cleared));
        message.set(cleared == 0 ? "No device can take this image." : "");
        summary.set(cleared + " of " + devicesText(result.verdicts().size()) + " cleared"
                + (refused == 0 ? "" : "; refused ones are left alone")
                + ". Nothing is downloaded until you install.");
        stage.set(Stage.VERDICT);
        String summary = image.name() + " → " + result.version() + ": " + cleared + " cleared, " + refused + " refused";
        if (refused > 0) {
            status.problem("Pre-flight " + summary);
        } else {
            status.info("Pre-flight " + summary);
        }
        libraryChanged.run();
    }

    /** Installs on every cleared device. */
    public void install() {
        if (installDisabled.get()) {
            return;
        }
        long ticket = ++generation;
        RolloutPlan started = plan;
        List<DeviceId> cleared = started.cleared().stream().map(PreflightVerdict::device).toList();
        message.set("Starting the install on " + devicesText(cleared.size()) + "…");
        stage.set(Stage.STARTING);
        CompletableFuture<List<RolloutJob>> future;
        try {
            future = rollouts.start(started);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenCompleteAsync((jobs, failure) -> {
            if (ticket == generation) {
                startedJobs(started, cleared, jobs, failure);
            }
        }, ui);
    }

    private void startedJobs(RolloutPlan started, List<DeviceId> cleared, List<RolloutJob> jobs, Throwable failure) {
        if (failure != null) {
            String reason = Failures.message(failure);
            LOG.warn("Starting {} on {} failed: {}", started.image().name(), cleared, reason, Failures.cause(failure));
            message.set("Could not start the install: " + reason);
            stage.set(Stage.FAILED);
            status.problem("Could not start " + started.image().name() + ": " + reason);
            return;
        }
        // From here on each tile follows its job, which says more than "cleared".
        marks.unmark(cleared);
        List<RolloutJob> refusedAtStart = jobs.stream().filter(job -> job.state() == InstallState.FAILED).toList();
        String text = "Installing " + started.image().name() + " (" + started.version() + ") on "
                + devicesText(jobs.size() - refusedAtStart.size());
        if (refusedAtStart.isEmpty()) {
            status.info(text);
        } else {
            status.problem(text + "; refused at start: " + String.join("; ", refusedAtStart.stream()
                    .map(job -> job.device().value() + " " + job.reason()).toList()));
        }
        close();
    }

    /**
     * Closes the panel because another part of the window took the plan over (a staged rollout started from it);
     * the tiles then follow their jobs, so the "cleared" marks go.
     */
    public void handedOver(String statusText) {
        ++generation;
        marks.unmark(rows.stream().filter(row -> row.state() != VerdictRow.State.REFUSED)
                .map(VerdictRow::device).toList());
        status.info(statusText);
        close();
    }

    /** Closes the panel without installing; refusals stay on their tiles. */
    public void cancel() {
        ++generation;
        if (stage.get() != Stage.HIDDEN && stage.get() != Stage.STARTING) {
            List<DeviceId> unmark = rows.stream().filter(row -> row.state() != VerdictRow.State.REFUSED)
                    .map(VerdictRow::device).toList();
            marks.unmark(unmark);
            if (stage.get() == Stage.CHECKING || stage.get() == Stage.VERDICT) {
                status.info("Pre-flight of " + imageName.get() + " cancelled; nothing was installed");
            }
        }
        close();
    }

    private void close() {
        summary.set("");
        plan = null;
        imageId = -1;
        devices = List.of();
        rows.clear();
        stage.set(Stage.HIDDEN);
    }

    private static String formatName(FirmwareImage image) {
        return image.format().extension();
    }

    private static String installLabel(int devices) {
        return devices == 0 ? "Install" : "Install on " + devicesText(devices);
    }

    static String devicesText(int count) {
        return String.format(Locale.ROOT, "%d device%s", count, count == 1 ? "" : "s");
    }

    /** The plan on screen, if any. */
    public Optional<RolloutPlan> plan() {
        return Optional.ofNullable(plan);
    }

    /** The devices the drop targeted, in the order shown. */
    public List<DeviceId> devices() {
        return devices;
    }

    public ReadOnlyObjectProperty<Stage> stageProperty() {
        return stage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty imageNameProperty() {
        return imageName.getReadOnlyProperty();
    }

    /** The version the release will promise; editable, then {@link #recheck()}. */
    public StringProperty versionProperty() {
        return version;
    }

    public ReadOnlyStringProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty shaProperty() {
        return sha.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty shaFullProperty() {
        return shaFull.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelsProperty() {
        return models.getReadOnlyProperty();
    }

    /** While checking or starting, what is happening; after a failure, its cause. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "1 of 2 devices cleared; …", once the verdicts are in. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty installTextProperty() {
        return installText.getReadOnlyProperty();
    }

    public ObservableList<VerdictRow> rows() {
        return rows;
    }

    /** True while the typed version differs from the one the verdicts were given for. */
    public BooleanBinding versionEditedProperty() {
        return versionEdited;
    }

    public BooleanBinding installDisabledProperty() {
        return installDisabled;
    }

    public BooleanBinding recheckDisabledProperty() {
        return recheckDisabled;
    }
}
