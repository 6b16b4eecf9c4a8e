package io.fleetdeck.console.audit.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditExport;
import io.fleetdeck.console.audit.AuditFormat;
import io.fleetdeck.console.audit.AuditLog;
import javafx.beans.property.ReadOnlyStringProperty;
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

    public AuditViewModel(AuditLog audit, Executor background, Executor ui) {
        this.audit = audit;
        this.background = background;
        this.ui = ui;
    }

    /** Reads the whole log again. */
    public CompletableFuture<Void> reload() {
        return CompletableFuture.supplyAsync(() -> audit.entries(Optional.empty()), background)
                .thenAcceptAsync(read -> {
                    entries.setAll(read.reversed());
                    status.set(read.size() + " entr" + (read.size() == 1 ? "y" : "ies"));
                }, ui)
                .exceptionallyAsync(this::failed, ui);
    }

    /** Writes the whole log to {@code file} in {@code format}, oldest first as the command does. */
    public CompletableFuture<Void> export(AuditFormat format, Path file) {
        return CompletableFuture.supplyAsync(() -> {
            List<AuditEntry> all = audit.entries(Optional.empty());
            try {
                AuditExport.writeFile(all, format, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            return all.size();
        }, background).thenAcceptAsync(count -> status.set(count + " entries exported to " + file), ui)
                .exceptionallyAsync(this::failed, ui);
    }

    private Void failed(Throwable failure) {
        status.set(Failures.message(failure));
        return null;
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
