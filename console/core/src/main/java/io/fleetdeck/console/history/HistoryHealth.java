package io.fleetdeck.console.history;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A snapshot of the store for a status line: counters since open and the last write error, if the writer is
 * currently failing.
 *
 * @param file              the SQLite file
 * @param committedReadings readings inserted (duplicates not included)
 * @param duplicateReadings readings ignored because the same sensor already had a reading at that timestamp
 * @param droppedReadings   readings lost: a batch that could not be written (permanent error), or appended after close
 * @param queuedReadings    readings accepted but not yet committed
 * @param committedBatches  transactions the writer committed; far fewer than appends under load
 * @param lastWriteError    the error of the last failed commit, or null when the last commit succeeded
 * @param corruptFileMovedTo where a corrupt history file found at open was moved, the history starting anew
 * @param behind            more readings are queued than {@link HistorySettings#queueCapacity()}: nothing is
 *                          dropped, but the writer is not keeping up
 */
public record HistoryHealth(Path file, long committedReadings, long duplicateReadings, long droppedReadings,
                            long queuedReadings, long committedBatches, HistoryWriteException lastWriteError,
                            Optional<Path> corruptFileMovedTo, boolean behind) {

    /** True when the last commit succeeded, nothing has been dropped and the history did not have to start anew. */
    public boolean healthy() {
        return lastWriteError == null && droppedReadings == 0 && corruptFileMovedTo.isEmpty();
    }
}
