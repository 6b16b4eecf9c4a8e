package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;

import io.fleetdeck.common.images.ImageStreams;
import io.fleetdeck.common.images.MalformedImageException;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.Slot;

import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ManifestVerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Installs a signed image into a slot: signature and fit checked before any byte moves, then the file streamed,
 * decompressed on the fly and written straight into the slot with one 1 MiB buffer, then read back and hashed.
 * A broken connection continues with a Range request from the last durable offset (raw images) or starts over
 * (compressed ones, see {@link ImageFormat#resumable()}); the resume point survives a restart of the daemon.
 * One install at a time per instance.
 */
public final class ImageInstaller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImageInstaller.class);
    static final String RESUME_FILE = "install-progress.properties";
    private static final int BUFFER = 1 << 20;
    private static final int DECOMPRESSOR_INPUT_BUFFER = 64 * 1024;
    private static final long PROGRESS_STEP = 1 << 20;

    private final HttpClient http;
    private final ManifestSignatures signatures;
    private final SlotStore slots;
    private final String deviceModel;
    private final Path resumeFile;
    private final InstallerSettings settings;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ota-flusher");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService stallWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ota-stall-watch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param deviceModel this board's model, matched against the manifest's models
     * @param stateDir    where the resume point is kept
     */
    public ImageInstaller(HttpClient http, ManifestSignatures signatures, SlotStore slots, String deviceModel,
                          Path stateDir, InstallerSettings settings) throws IOException {
        this.http = http;
        this.signatures = signatures;
        this.slots = slots;
        this.deviceModel = deviceModel;
        this.resumeFile = Files.createDirectories(stateDir).resolve(RESUME_FILE);
        this.settings = settings;
    }

    public synchronized InstallResult install(InstallRequest request, InstallListener listener)
            throws InstallException {
        FirmwareManifest manifest = checkBeforeDownload(request);
        log.info("Installing {} ({} raw bytes) from {} into slot {}", manifest.version(), manifest.rawSize(),
                request.image(), request.target());
        try (FileChannel slot = slots.openForWrite(request.target())) {
            Transfer transfer = new Transfer(request, manifest, slot, listener);
            try {
                transfer.run();
                readBack(slot, manifest, listener);
            } catch (InstallException e) {
                forgetResumePointUnlessRetryable(e);
                throw e;
            }
            DurableFiles.delete(resumeFile);
            log.info("Slot {} holds {} ({}), read back and verified", request.target(), manifest.version(),
                    manifest.rawSha256());
            return new InstallResult(request.target(), manifest.version(), manifest.rawSize(), manifest.rawSha256(),
                    transfer.resumes);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw InstallException.of(InstallFailure.DOWNLOAD_FAILED, "interrupted: " + e.getMessage());
        } catch (IOException e) {
            throw slotFailure(e, -1);
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

    private FirmwareManifest checkBeforeDownload(InstallRequest request) throws InstallException {
        FirmwareManifest manifest;
        try {
            manifest = signatures.verify(request.manifest(), request.trusted());
        } catch (ManifestVerificationException e) {
            throw InstallException.of(switch (e.reason()) {
                case UNKNOWN_KEY -> InstallFailure.UNKNOWN_KEY;
                case BAD_SIGNATURE -> InstallFailure.BAD_SIGNATURE;
            }, e.getMessage());
        }
        if (!manifest.fits(deviceModel)) {
            throw InstallException.of(InstallFailure.WRONG_MODEL, "image is for " + manifest.models() + ", this board is '"
                    + deviceModel + "'");
        }
        long capacity = slots.capacity(request.target());
        if (manifest.rawSize() > capacity) {
            throw InstallException.of(InstallFailure.TOO_LARGE, "image has " + manifest.rawSize() + " raw bytes, slot "
                    + request.target() + " holds " + capacity);
        }
        try {
            long writable = slots.writableBytes(request.target());
            if (manifest.rawSize() > writable) {
                throw InstallException.of(InstallFailure.NO_SPACE, "image has " + manifest.rawSize() + " raw bytes, only "
                        + writable + " can be written to slot " + request.target());
            }
        } catch (IOException e) {
            throw slotFailure(e, -1);
        }
        return manifest;
    }

    /** One download, with its retries, into the slot; the state a retry needs lives in its fields. */
    private final class Transfer {
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

        Transfer(InstallRequest request, FirmwareManifest manifest, FileChannel slot, InstallListener listener) {
            this.request = request;
            this.manifest = manifest;
            this.slot = slot;
            this.listener = listener;
        }

        void run() throws IOException, InstallException {
            Optional<ResumePoint> resume = DurableFiles.readProperties(resumeFile).flatMap(ResumePoint::fromProperties)
                    .filter(point -> point.continues(request));
            if (resume.isPresent() && resume.get().offset() <= slot.size()) {
                offset = resume.get().offset();
                etag = resume.get().etag();
                log.info("Resuming {} at durable byte {}", manifest.version(), offset);
            }
            // Bytes past the durable point may be torn by a power cut; they are fetched again.
            slot.truncate(offset);
            for (int attempt = 1; ; attempt++) {
                rawWritten = offset;
                compressed = offset;
                lastCheckpoint = offset;
                try {
                    attempt();
                    return;
                } catch (TransportException e) {
                    awaitFlush();
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
            try (ImageDownload download = ImageDownload.open(http, request.image(), request.token(), offset, etag,
                    settings.responseTimeout())) {
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
                watchForStall(download);
                report(true);
                InputStream raw = decoded(() -> decompress(request.format(), download.body()));
                while (true) {
                    int n = decoded(() -> raw.read(buffer));
                    compressed = start + download.received();
                    if (n < 0) {
                        break;
                    }
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
            awaitFlush();
            if (rawWritten < manifest.rawSize()) {
                throw InstallException.at(InstallFailure.TRUNCATED, rawWritten, "the image ended before its "
                        + manifest.rawSize() + " bytes", null);
            }
            report(true);
        }

        private void write(int n) throws InstallException {
            ByteBuffer out = ByteBuffer.wrap(buffer, 0, n);
            try {
                while (out.hasRemaining()) {
                    rawWritten += slot.write(out, rawWritten);
                }
            } catch (IOException e) {
                throw slotFailure(e, rawWritten);
            }
        }

        /** The checkpoint being made durable off the download thread, so the download never waits on fsync. */
        private Future<?> flushing;

        private void checkpointInBackground() throws InstallException {
            awaitFlush();
            long point = request.format().resumable() ? rawWritten : compressed;
            ResumePoint resume = new ResumePoint(manifest.rawSha256(), request.target(), request.format(), point, etag);
            flushing = flusher.submit(() -> {
                slot.force(false);
                DurableFiles.replace(resumeFile, resume.toProperties());
                return null;
            });
            lastCheckpoint = compressed;
        }

        private void awaitFlush() throws InstallException {
            if (flushing == null) {
                return;
            }
            try {
                flushing.get();
            } catch (ExecutionException e) {
                throw slotFailure(e.getCause() instanceof IOException io ? io : new IOException(e.getCause()),
                        rawWritten);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw InstallException.of(InstallFailure.DOWNLOAD_FAILED, "interrupted");
            } finally {
                flushing = null;
            }
        }

        /** Makes what is written durable, then records how far that is; in this order, so the record never lies. */
        private void checkpoint() throws InstallException {
            long point = request.format().resumable() ? rawWritten : compressed;
            try {
                slot.force(false);
                DurableFiles.replace(resumeFile, new ResumePoint(manifest.rawSha256(), request.target(),
                        request.format(), point, etag).toProperties());
            } catch (IOException e) {
                throw slotFailure(e, rawWritten);
            }
            lastCheckpoint = compressed;
        }

        private void report(boolean always) {
            if (always || rawWritten - lastProgress >= PROGRESS_STEP) {
                lastProgress = rawWritten;
                listener.onProgress(new InstallerProgress(InstallState.DOWNLOADING, compressed, rawWritten,
                        manifest.rawSize()));
            }
        }

        /** Runs a read of the decompression chain and says which side failed: the connection or the file. */
        /** Compressed downloads through a 64 KiB buffer: decompressors read in small steps. */
        private static InputStream decompress(ImageFormat format, InputStream body) throws IOException {
            return ImageStreams.decompress(format, format == ImageFormat.IMG ? body
                    : new BufferedInputStream(body, DECOMPRESSOR_INPUT_BUFFER));
        }

        private <T> T decoded(IoCall<T> call) throws IOException, InstallException {
            try {
                return call.call();
            } catch (TransportException | InterruptedIOException e) {
                throw e;
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
    }

    /** Aborts {@code download} when a whole stall timeout passes without a byte; ends with the download. */
    private void watchForStall(ImageDownload download) {
        long period = settings.stallTimeout().toMillis();
        long[] seen = {-1};
        ScheduledFuture<?>[] check = new ScheduledFuture<?>[1];
        check[0] = stallWatch.scheduleAtFixedRate(() -> {
            long received = download.received();
            if (!download.isOpen()) {
                check[0].cancel(false);
            } else if (received == seen[0]) {
                log.warn("No image bytes for {} ms after {} bytes; dropping the connection", period, received);
                download.abortStalled();
                check[0].cancel(false);
            }
            seen[0] = received;
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private void readBack(FileChannel slot, FirmwareManifest manifest, InstallListener listener)
            throws InstallException {
        long size = manifest.rawSize();
        listener.onProgress(new InstallerProgress(InstallState.VERIFYING, 0, 0, size));
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = 0;
        try {
            slot.force(true);
            while (position < size) {
                buffer.clear().limit((int) Math.min(BUFFER, size - position));
                int n = slot.read(buffer, position);
                if (n < 0) {
                    throw InstallException.at(InstallFailure.TRUNCATED, position, "the slot holds fewer bytes than "
                            + size, null);
                }
                sha256.update(buffer.flip());
                position += n;
            }
        } catch (IOException e) {
            throw slotFailure(e, position);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(manifest.rawSha256())) {
            throw InstallException.hashMismatch(manifest.rawSha256(), actual, size);
        }
        listener.onProgress(new InstallerProgress(InstallState.VERIFYING, 0, size, size));
    }

    private static InstallException slotFailure(IOException e, long offset) {
        boolean full = String.valueOf(e.getMessage()).contains("No space left");
        return InstallException.at(full ? InstallFailure.NO_SPACE : InstallFailure.SLOT_IO_FAILED, Math.max(offset, 0),
                "slot: " + e.getMessage(), e);
    }

    /** Stops the stall watch thread; an install still running loses its stall detection. */
    @Override
    public void close() {
        stallWatch.shutdownNow();
        flusher.shutdownNow();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
