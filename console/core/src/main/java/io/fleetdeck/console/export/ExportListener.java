package io.fleetdeck.console.export;

/**
 * Hears how far an export is, on the exporting thread: every {@link HistoryExport#PROGRESS_EVERY} readings, after each
 * sensor and once at the end. Must be quick; a UI hands the figure over to its own thread.
 */
@FunctionalInterface
public interface ExportListener {
    ExportListener NONE = progress -> {
    };

    void onProgress(ExportProgress progress);
}
