package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.ManifestSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Installs a signed image into a slot: signature and fit checked before any byte moves ({@link PreDownloadCheck}),
 * then the file streamed, decompressed on the fly and written straight into the slot with one 1 MiB buffer
 * ({@link SlotTransfer}), then read back and hashed ({@link SlotReadBack}). A broken connection continues with a
 * Range request from the last durable offset (raw images) or starts over (compressed ones, see
 * {@link ImageFormat#resumable()}); the resume point survives a restart of the daemon. One install at a time per
 * instance.
 */
public final class ImageInstaller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImageInstaller.class);
    static final String RESUME_FILE = "install-progress.properties";

    private final HttpClient http;
    private final SlotStore slots;
    private final Path resumeFile;
    private final InstallerSettings settings;
    private final PreDownloadCheck check;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ota-flusher");
        thread.setDaemon(true);
        return thread;
    });
    private final StallWatch stallWatch = new StallWatch();

    /**
     * @param deviceModel this board's model, matched against the manifest's models
     * @param stateDir    where the resume point is kept
     */
    public ImageInstaller(HttpClient http, ManifestSignatures signatures, SlotStore slots, String deviceModel,
                          Path stateDir, InstallerSettings settings) throws IOException {
        this.http = http;
        this.slots = slots;
        this.resumeFile = Files.createDirectories(stateDir).resolve(RESUME_FILE);
        this.settings = settings;
        this.check = new PreDownloadCheck(signatures, slots, deviceModel);
    }

    public synchronized InstallResult install(InstallRequest request, InstallListener listener)
            throws InstallException {
        FirmwareManifest manifest = check.verify(request);
        log.info("Installing {} ({} raw bytes) from {} into slot {}", manifest.version(), manifest.rawSize(),
                request.image(), request.target());
        try (FileChannel slot = slots.openForWrite(request.target())) {
            Checkpointer checkpoints = new Checkpointer(slot, resumeFile, flusher);
            SlotTransfer transfer = new SlotTransfer(http, settings, stallWatch, checkpoints, request, manifest, slot,
                    listener);
            try {
                transfer.run();
                SlotReadBack.verify(slot, manifest, listener);
            } catch (InstallException e) {
                checkpoints.settle();
                forgetResumePointUnlessRetryable(e);
                throw e;
            }
            checkpoints.settle();
            DurableFiles.delete(resumeFile);
            log.info("Slot {} holds {} ({}), read back and verified", request.target(), manifest.version(),
                    manifest.rawSha256());
            return new InstallResult(request.target(), manifest.version(), manifest.rawSize(), manifest.rawSha256(),
                    transfer.resumes());
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw InstallException.of(InstallFailure.DOWNLOAD_FAILED, "interrupted: " + e.getMessage());
        } catch (IOException e) {
            throw InstallException.slotFailure(e, -1);
        }
    }

    /**
     * Only a broken connection leaves bytes worth continuing from; after a bad hash, a cut-short or oversized file,
     * the next attempt must start over or it would splice onto the same wrong bytes again.
     */
    private void forgetResumePointUnlessRetryable(InstallException e) {
        if (e.reason() == InstallFailure.DOWNLOAD_FAILED) {
            return;
        }
        try {
            DurableFiles.delete(resumeFile);
        } catch (IOException deleteFailed) {
            e.addSuppressed(deleteFailed);
        }
    }

    /** Stops the stall watch thread; an install still running loses its stall detection. */
    @Override
    public void close() {
        stallWatch.close();
        flusher.shutdownNow();
    }
}
