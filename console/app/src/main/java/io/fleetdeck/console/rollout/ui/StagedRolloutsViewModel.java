package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.Rows;
import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutState;
import io.fleetdeck.console.rollout.staged.StagedRollouts;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Every staged rollout, newest first, for the rollouts panel: stage, counts, state and pause reason, with Resume and
 * Abort. Pulled once per pulse and only when the service's revision moved, as the jobs table is.
 */
public final class StagedRolloutsViewModel {
    private final StagedRollouts staged;
    private final Executor ui;
    private final RolloutStatus status;
    private final ObservableList<StagedRolloutRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Staged rollouts");
    private long seenRevision = Long.MIN_VALUE;

    public StagedRolloutsViewModel(StagedRollouts staged, Executor ui, RolloutStatus status) {
        this.staged = staged;
        this.ui = ui;
        this.status = status;
    }

    /** Applies the changes since the last call. FX thread only. */
    public void refresh() {
        long revision = staged.revision();
        if (revision == seenRevision) {
            return;
        }
        seenRevision = revision;
        List<StagedRollout> all = staged.rollouts();
        List<StagedRolloutRow> next = all.stream().map(StagedRolloutRow::of).toList();
        Rows.update(rows, next);
        long paused = all.stream().filter(r -> r.state() == StagedRolloutState.PAUSED).count();
        long running = all.stream().filter(r -> r.state() == StagedRolloutState.RUNNING).count();
        title.set("Staged rollouts (" + (paused > 0 ? paused + " paused" : running + " running") + ")");
    }

    public void resume(StagedRolloutRow row) {
        if (row.resumable()) {
            report(staged.resume(row.id()), "Resume");
        }
    }

    public void abort(StagedRolloutRow row) {
        if (row.abortable()) {
            report(staged.abort(row.id()), "Abort");
        }
    }

    /** The outcome shows in the table at a later pulse; only a refusal needs saying. */
    private void report(CompletableFuture<StagedRollout> future, String what) {
        future.whenCompleteAsync((rollout, failure) -> {
            if (failure != null) {
                status.problem(what + " failed: " + Failures.message(failure));
            }
        }, ui);
    }

    public ObservableList<StagedRolloutRow> rows() {
        return rows;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
