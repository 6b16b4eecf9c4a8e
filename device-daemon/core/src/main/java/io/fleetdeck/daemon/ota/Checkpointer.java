package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.InstallFailure;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Makes one transfer's progress durable: fsyncs the slot, then records the {@link ResumePoint}, in this order so the
 * record never claims bytes a power cut could still take. During the download this happens on the installer's flusher
 * thread, so the download never waits on fsync; at most one save is in flight.
 */
final class Checkpointer {
    private final FileChannel slot;
    private final Path resumeFile;
    private final ExecutorService flusher;
    /** The checkpoint being made durable off the download thread. */
    private Future<?> flushing;

    Checkpointer(FileChannel slot, Path resumeFile, ExecutorService flusher) {
        this.slot = slot;
        this.resumeFile = resumeFile;
        this.flusher = flusher;
    }

    /** The point an earlier run recorded, if there is a readable record. */
    Optional<ResumePoint> saved() throws IOException {
        return DurableFiles.readProperties(resumeFile).flatMap(ResumePoint::fromProperties);
    }

    /**
     * Waits for the previous background save, then starts saving {@code point} on the flusher thread.
     *
     * @param written raw bytes in the slot now: where a failure of the previous save is reported
     */
    void saveInBackground(ResumePoint point, long written) throws InstallException {
        awaitSaved(written);
        flushing = flusher.submit(() -> {
            slot.force(false);
            DurableFiles.replace(resumeFile, point.toProperties());
            return null;
        });
    }

    /**
     * Waits for the background save, if one is running, and reports its failure.
     *
     * @param written raw bytes in the slot now: where a failure is reported
     */
    void awaitSaved(long written) throws InstallException {
        if (flushing == null) {
            return;
        }
        try {
            flushing.get();
        } catch (ExecutionException e) {
            throw InstallException.slotFailure(e.getCause() instanceof IOException io ? io
                    : new IOException(e.getCause()), written);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InstallException.of(InstallFailure.DOWNLOAD_FAILED, "interrupted");
        } finally {
            flushing = null;
        }
    }

    /**
     * Waits for a save still running before the caller deletes the resume point, so the flusher cannot write it back
     * afterwards. Its failure is of no interest then: the point is being discarded.
     */
    void settle() {
        try {
            awaitSaved(-1);
        } catch (InstallException discarded) {
            // The resume point this save would have written is deleted next.
        }
    }

    /**
     * Saves {@code point} on the calling thread.
     *
     * @param written raw bytes in the slot now: where a failure is reported
     */
    void save(ResumePoint point, long written) throws InstallException {
        try {
            slot.force(false);
            DurableFiles.replace(resumeFile, point.toProperties());
        } catch (IOException e) {
            throw InstallException.slotFailure(e, written);
        }
    }
}
