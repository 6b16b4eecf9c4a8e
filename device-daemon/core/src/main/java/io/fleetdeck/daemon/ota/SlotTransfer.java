package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.images.ImageStreams;
import io.fleetdeck.common.images.MalformedImageException;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.MemoryLimitException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Optional;

/**
 * One download, with its retries, into the slot: each attempt an {@link ImageDownload} from the current offset,
 * decompressed on the fly through one 1 MiB buffer and written at the slot's offset. A broken connection is retried
 * from the last durable point (raw images) or from the start (compressed ones); the state a retry needs lives in the
 * fields. Runs on the installing thread; checkpoints are made durable by the {@link Checkpointer}.
 */
final class SlotTransfer {
    /** Under the installer's name, as the daemon's log has always shown the whole install. */
    private static final Logger log = LoggerFactory.getLogger(ImageInstaller.class);
    private static final int BUFFER = 1 << 20;
    private static final int DECOMPRESSOR_INPUT_BUFFER = 64 * 1024;
    private static final long PROGRESS_STEP = 1 << 20;

    private final HttpClient http;
    private final InstallerSettings settings;
    private final StallWatch stallWatch;
    private final Checkpointer checkpoints;
    private final InstallRequest request;
    private final FirmwareManifest manifest;
    private final FileChannel slot;
    private final InstallListener listener;
    private final byte[] buffer = new byte[BUFFER];
    private long offset;
    private long rawWritten;
    private long compressed;
    private Optional<String> etag = Optional.empty();
    private long lastCheckpoint;
    private long lastProgress = -PROGRESS_STEP;
    private int resumes;
    private ImageDownload current;
    private long currentStart;
    private long deadline;

    SlotTransfer(HttpClient http, InstallerSettings settings, StallWatch stallWatch, Checkpointer checkpoints,
                 InstallRequest request, FirmwareManifest manifest, FileChannel slot, InstallListener listener) {
        this.http = http;
        this.settings = settings;
        this.stallWatch = stallWatch;
        this.checkpoints = checkpoints;
        this.request = request;
        this.manifest = manifest;
        this.slot = slot;
        this.listener = listener;
    }

    /** How many times a broken connection was continued with another request. */
    int resumes() {
        return resumes;
    }

    void run() throws IOException, InstallException {
        Optional<ResumePoint> resume = checkpoints.saved().filter(point -> point.continues(request));
        if (resume.isPresent() && resume.get().offset() <= slot.size()) {
            offset = resume.get().offset();
            etag = resume.get().etag();
            log.info("Resuming {} at durable byte {}", manifest.version(), offset);
        }
        // Bytes past the durable point may be torn by a power cut; they are fetched again.
        slot.truncate(offset);
        deadline = System.nanoTime() + settings.maxInstallTime().toNanos();
        for (int attempt = 1; ; attempt++) {
            checkTime();
            rawWritten = offset;
            compressed = offset;
            lastCheckpoint = offset;
            try {
                attempt();
                return;
            } catch (TransportException e) {
                checkpoints.awaitSaved(rawWritten);
                if (current != null) {
                    // The failed read may have taken bytes into a decompressor's buffer first.
                    compressed = currentStart + current.received();
                    current = null;
                }
                if (request.format().resumable()) {
                    checkpoint();
                    offset = rawWritten;
                } else {
                    // A decompressor cannot be restarted mid-stream; the next request starts over.
                    offset = 0;
                }
                if (attempt >= settings.attempts()) {
                    throw InstallException.at(InstallFailure.DOWNLOAD_FAILED, compressed, "gave up after " + attempt
                            + " requests: " + e.getMessage(), e);
                }
                resumes++;
                log.warn("Download of {} broke at byte {} ({}); request {} continues from byte {}",
                        manifest.version(), compressed, e.getMessage(), attempt + 1, offset);
                pause();
            }
        }
    }

    private void attempt() throws IOException, InstallException {
        try (ImageDownload download = open()) {
            if (download.start() != offset) {
                log.info("The server sent the whole file instead of bytes from {}; starting over", offset);
                offset = 0;
                rawWritten = 0;
                compressed = 0;
                lastCheckpoint = 0;
                slot.truncate(0);
            }
            etag = download.etag();
            long start = offset;
            current = download;
            currentStart = start;
            stallWatch.watch(download, settings.stallTimeout());
            report(true);
            InputStream raw = decoded(() -> decompress(request.format(), download.body()));
            while (true) {
                int n = decoded(() -> raw.read(buffer));
                compressed = start + download.received();
                if (n < 0) {
                    break;
                }
                checkTime();
                if (rawWritten + n > manifest.rawSize()) {
                    throw InstallException.at(InstallFailure.TOO_LARGE, rawWritten + n, "the image is longer than the "
                            + manifest.rawSize() + " bytes its manifest promises", null);
                }
                write(n);
                if (compressed - lastCheckpoint >= settings.checkpointBytes()) {
                    checkpointInBackground();
                }
                report(false);
            }
        }
        checkpoints.awaitSaved(rawWritten);
        if (rawWritten < manifest.rawSize()) {
            throw InstallException.at(InstallFailure.TRUNCATED, rawWritten, "the image ended before its "
                    + manifest.rawSize() + " bytes", null);
        }
        report(true);
    }

    private ImageDownload open() throws IOException, InstallException {
        try {
            return ImageDownload.open(http, request.image(), request.token(), offset, etag,
                    settings.responseTimeout(), request.maxServedBytes());
        } catch (OversizedDownloadException e) {
            throw tooLarge(e);
        }
    }

    private InstallException tooLarge(OversizedDownloadException e) {
        String limit = request.servedSize() > 0 ? "the " + request.servedSize() + " bytes the console serves"
                : "the " + e.limit() + " bytes allowed for a " + manifest.rawSize() + "-byte image of unknown size";
        return InstallException.at(InstallFailure.TOO_LARGE, e.bytes(), "the server sent more than " + limit, e);
    }

    /**
     * Gives up once the install has run {@link InstallerSettings#maxInstallTime()}: checked before each request and
     * after each read, so a body trickling just fast enough to escape the stall watch cannot hold the device forever.
     * Bytes so far stay usable for a resume, as after any download failure.
     */
    private void checkTime() throws InstallException {
        if (System.nanoTime() - deadline > 0) {
            throw InstallException.at(InstallFailure.DOWNLOAD_FAILED, compressed, "the download took longer than the"
                    + " install time limit of " + settings.maxInstallTime().toMinutes() + " min ("
                    + settings.maxInstallTime().toSeconds() + " s), " + rawWritten + " of " + manifest.rawSize()
                    + " bytes written", null);
        }
    }

    private void write(int n) throws InstallException {
        ByteBuffer out = ByteBuffer.wrap(buffer, 0, n);
        try {
            while (out.hasRemaining()) {
                rawWritten += slot.write(out, rawWritten);
            }
        } catch (IOException e) {
            throw InstallException.slotFailure(e, rawWritten);
        }
    }

    private void checkpointInBackground() throws InstallException {
        checkpoints.saveInBackground(resumePoint(), rawWritten);
        lastCheckpoint = compressed;
    }

    private void checkpoint() throws InstallException {
        checkpoints.save(resumePoint(), rawWritten);
        lastCheckpoint = compressed;
    }

    /** How far this transfer got: raw bytes for a raw image, bytes of the file as served for a compressed one. */
    private ResumePoint resumePoint() {
        long point = request.format().resumable() ? rawWritten : compressed;
        return new ResumePoint(manifest.rawSha256(), request.target(), request.format(), point, etag);
    }

    private void report(boolean always) {
        if (always || rawWritten - lastProgress >= PROGRESS_STEP) {
            lastProgress = rawWritten;
            listener.onProgress(new InstallerProgress(InstallState.DOWNLOADING, compressed, rawWritten,
                    manifest.rawSize()));
        }
    }

    /** Compressed downloads through a 64 KiB buffer: decompressors read in small steps. */
    private static InputStream decompress(ImageFormat format, InputStream body) throws IOException {
        return ImageStreams.decompress(format, format == ImageFormat.IMG ? body
                : new BufferedInputStream(body, DECOMPRESSOR_INPUT_BUFFER));
    }

    /** Runs a read of the decompression chain and says which side failed: the connection or the file. */
    private <T> T decoded(IoCall<T> call) throws IOException, InstallException {
        try {
            return call.call();
        } catch (TransportException | InterruptedIOException e) {
            throw e;
        } catch (OversizedDownloadException e) {
            throw tooLarge(e);
        } catch (MemoryLimitException e) {
            // The decoder refuses before allocating: a device must not run out of memory on a hostile header.
            throw InstallException.at(InstallFailure.BAD_ARCHIVE, compressed, String.format(Locale.ROOT,
                    "decompressing needs %,d MiB of memory, more than the %,d MiB a device may use",
                    e.getMemoryNeeded() / 1024, e.getMemoryLimit() / 1024), e);
        } catch (MalformedImageException e) {
            throw InstallException.at(InstallFailure.BAD_ARCHIVE, compressed, e.getMessage(), e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean cutShort = e instanceof EOFException || message.contains("truncat")
                    || message.contains("premature") || message.contains("unexpected end");
            throw InstallException.at(cutShort ? InstallFailure.TRUNCATED : InstallFailure.BAD_ARCHIVE, compressed,
                    request.format().suffix() + " stream: " + e.getMessage(), e);
        }
    }

    private void pause() throws InterruptedIOException {
        try {
            Thread.sleep(settings.retryDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted between download attempts");
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }
}
