package io.fleetdeck.console.audit.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditExport;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.audit.AuditLog;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The audit log dialog: every operator action, newest first, and its export as CSV or JSON (the same files
 * {@code fleetdeck audit} writes). Reading and writing run on {@code background}; results come back through
 * {@code ui}.
 */
public final class AuditViewModel {
    private final AuditLog audit;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper problem = new ReadOnlyBooleanWrapper();
    /** Reads and exports under way: the dialog shows a progress bar while any is. */
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public AuditViewModel(AuditLog audit, Executor background, Executor ui) {
        this.audit = audit;
        this.background = background;
        this.ui = ui;
        busy.bind(running.greaterThan(0));
    }

    /** Reads the whole log again. */
    public CompletableFuture<Void> reload() {
        started("Reading the audit log…");
        return CompletableFuture.supplyAsync(() -> audit.entries(Optional.empty()), background)
                .thenAcceptAsync(read -> {
                    entries.setAll(read.reversed());
                    done(read.size() + " entr" + (read.size() == 1 ? "y" : "ies"));
                }, ui)
                .exceptionallyAsync(this::failed, ui);
    }

    /** Writes the whole log to {@code file} in {@code format}, oldest first as the command does. */
    public CompletableFuture<Void> export(AuditFormat format, Path file) {
        started("Exporting the audit log to " + file + "…");
        return CompletableFuture.supplyAsync(() -> {
            List<AuditEntry> all = audit.entries(Optional.empty());
            try {
                AuditExport.writeFile(all, format, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            return all.size();
        }, background).thenAcceptAsync(count -> done(count + " entries exported to " + file), ui)
                .exceptionallyAsync(this::failed, ui);
    }

    private void started(String what) {
        running.set(running.get() + 1);
        problem.set(false);
        status.set(what);
    }

    private void done(String what) {
        running.set(running.get() - 1);
        status.set(what);
    }

    private Void failed(Throwable failure) {
        running.set(running.get() - 1);
        problem.set(true);
        status.set(Failures.message(failure));
        return null;
    }

    /** Whether a read or an export is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether the status says why the last read or export failed. */
    public ReadOnlyBooleanProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Newest first. */
    public ObservableList<AuditEntry> entries() {
        return entries;
    }

    /** How many entries there are, where an export went, or why reading or writing failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
