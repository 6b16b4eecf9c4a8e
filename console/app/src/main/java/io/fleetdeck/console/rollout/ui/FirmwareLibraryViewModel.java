package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.Rollouts;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The firmware library pane: the images, their versions, imports by drop or file chooser. The library is read on a
 * background thread (it is a database) after anything that may have changed it; results come back through
 * {@code ui}.
 */
public final class FirmwareLibraryViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareLibraryViewModel.class);

    private final Rollouts rollouts;
    private final Executor background;
    private final Executor ui;
    private final RolloutStatus status;
    private final ZoneId zone;
    private final ObservableList<LibraryRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper importing = new ReadOnlyIntegerWrapper();

    public FirmwareLibraryViewModel(Rollouts rollouts, Executor background, Executor ui, RolloutStatus status,
                                    ZoneId zone) {
        this.rollouts = rollouts;
        this.background = background;
        this.ui = ui;
        this.status = status;
        this.zone = zone;
    }

    /** Reads the library again, off the FX thread. */
    public void reload() {
        CompletableFuture.supplyAsync(rollouts::images, background).whenCompleteAsync((images, failure) -> {
            if (failure != null) {
                String reason = Failures.message(failure);
                LOG.warn("Reading the firmware library failed: {}", reason, Failures.cause(failure));
                status.problem("Could not read the firmware library: " + reason);
            } else {
                show(images);
            }
        }, ui);
    }

    private void show(List<FirmwareImage> images) {
        List<LibraryRow> next = images.stream().map(image -> LibraryRow.of(image, zone)).toList();
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
    }

    /**
     * Imports each file; names we do not take are refused here, with the reason, before any is opened.
     *
     * @return how many imports were started
     */
    public int importFiles(List<Path> files) {
        int started = 0;
        for (Path file : files) {
            String name = ImageDrop.name(file);
            if (!ImageDrop.recognised(file)) {
                status.problem(name + " is not a firmware image: use " + ImageDrop.FORMATS);
                LOG.warn("Refused to import {}: not a recognised image name", file);
                continue;
            }
            started++;
            importing.set(importing.get() + 1);
            status.info("Importing " + name + "…");
            CompletableFuture<FirmwareImage> future;
            try {
                future = rollouts.importImage(file);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenCompleteAsync((image, failure) -> {
                importing.set(importing.get() - 1);
                if (failure != null) {
                    String reason = Failures.message(failure);
                    LOG.warn("Import of {} failed: {}", file, reason, Failures.cause(failure));
                    status.problem("Could not import " + name + ": " + reason);
                } else {
                    status.info("Imported " + image.name() + image.version().map(v -> " as version " + v)
                            .orElse(" (no version in its name: set one before installing)"));
                }
                reload();
            }, ui);
        }
        return started;
    }

    /** Sets the version an image's releases will promise. */
    public void setVersion(LibraryRow row, String version) {
        String typed = version == null ? "" : version.strip();
        if (typed.isEmpty() || typed.equals(row.version())) {
            return;
        }
        CompletableFuture<FirmwareImage> future;
        try {
            future = rollouts.setVersion(row.id(), typed);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenCompleteAsync((image, failure) -> {
            if (failure != null) {
                String reason = Failures.message(failure);
                LOG.warn("Setting the version of {} to {} failed: {}", row.name(), typed, reason,
                        Failures.cause(failure));
                status.problem("Could not set the version of " + row.name() + ": " + reason);
            } else {
                status.info(image.name() + " will be released as version " + typed);
            }
            reload();
        }, ui);
    }

    public ObservableList<LibraryRow> rows() {
        return rows;
    }

    /** Imports still running. */
    public ReadOnlyIntegerProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }
}
