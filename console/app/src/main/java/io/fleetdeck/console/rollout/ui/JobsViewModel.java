package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.Rows;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.Rollouts;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.util.List;

/**
 * Every rollout job, newest first, for the jobs table. Pulled once per pulse and only when the service's revision
 * moved; rows whose texts did not change are left alone so the table keeps its scroll position and selection.
 */
public final class JobsViewModel {
    private final Rollouts rollouts;
    private final ZoneId zone;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Jobs");
    private long seenRevision = Long.MIN_VALUE;

    public JobsViewModel(Rollouts rollouts, ZoneId zone) {
        this.rollouts = rollouts;
        this.zone = zone;
    }

    /** Applies the jobs' changes since the last call. FX thread only. */
    public void refresh() {
        long revision = rollouts.revision();
        if (revision == seenRevision) {
            return;
        }
        seenRevision = revision;
        List<RolloutJob> jobs = rollouts.jobs();
        List<JobRow> next = jobs.stream().map(job -> JobRow.of(job, zone)).toList();
        Rows.update(rows, next);
        long active = jobs.stream().filter(job -> !job.state().isFinal()).count();
        title.set(active == 0 ? "Jobs (" + jobs.size() + ")" : "Jobs (" + active + " running)");
    }

    /** Gives up on an unfinished job; the table shows the outcome at a later pulse. */
    public void cancel(JobRow row) {
        if (row.cancellable()) {
            rollouts.cancel(row.id());
        }
    }

    public ObservableList<JobRow> rows() {
        return rows;
    }

    /** The tab's title: how many jobs, how many still running. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
