package io.fleetdeck.console.charts;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.console.ingest.LiveFeed;

import java.time.Clock;

/** Opens a {@link DeviceDetailView} for a device: subscribes to its live feed, then back-fills from history. */
public final class ChartDetailFactory implements DeviceDetailFactory {
    private final LiveFeed feed;
    private final ReadingStore store;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final ExportFileChooser chooser;
    private final FirmwareJobs jobs;

    /** @param chooser asks where "Export…" saves */
    public ChartDetailFactory(LiveFeed feed, ReadingStore store, BackgroundTasks tasks, Clock clock,
                              ExportFileChooser chooser) {
        this(feed, store, tasks, clock, chooser, FirmwareJobs.NONE);
    }

    /** @param jobs the install jobs whose ends the charts mark as firmware changes */
    public ChartDetailFactory(LiveFeed feed, ReadingStore store, BackgroundTasks tasks, Clock clock,
                              ExportFileChooser chooser, FirmwareJobs jobs) {
        this.jobs = jobs;
        this.chooser = chooser;
        this.feed = feed;
        this.store = store;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public DetailPane open(DeviceSnapshot device) {
        DeviceDetailViewModel viewModel = new DeviceDetailViewModel(device, feed, jobs);
        ChartExportViewModel export = new ChartExportViewModel(device.id(), store, tasks, chooser, clock);
        UpdateComparisonViewModel comparison = new UpdateComparisonViewModel(device.id(), viewModel.sensors(), store,
                tasks, clock);
        DeviceDetailView view = new DeviceDetailView(viewModel, export, comparison);
        viewModel.loadHistory(store, tasks, clock.millis(), view::showHistory)
                .whenCompleteAsync((ok, failure) -> view.historyDone(), tasks.ui());
        return view;
    }
}
