package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The install job of a {@link FirmwareUpdater}: the only holder of the current {@link InstallJob}, which it saves to
 * the state directory and reports at every change. Every read and change of the job takes this journal's lock. A
 * change is saved and reported after the lock is released, so a slow disk does not hold up a command's checks; only
 * {@link #accept} saves under it, since an accepted job must be on disk before anything sees it as current.
 */
final class JobJournal {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);
    /** Progress while downloading goes out at most this often; state changes always go out. */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final DeviceId device;
    private final Path stateDir;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private volatile InstallReporter reporter = progress -> { };
    private InstallJob current;
    private long lastProgressNanos;

    JobJournal(DeviceId device, Path stateDir, PayloadCodec codec, LongSupplier clock) {
        this.device = device;
        this.stateDir = stateDir;
        this.codec = codec;
        this.clock = clock;
    }

    /** Sends later reports to {@code reporter} and takes up the job the last run of the daemon saved, if any. */
    synchronized void open(InstallReporter reporter) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        current = load().orElse(null);
    }

    /** Where the job file lives. */
    Path directory() {
        return stateDir;
    }

    /** The job as last saved or changed, or null. */
    synchronized InstallJob current() {
        return current;
    }

    synchronized Optional<InstallJob> job() {
        return Optional.ofNullable(current);
    }

    /**
     * Runs {@code decision} under the lock every change of the job takes, so what it read with {@link #current()}
     * still holds when it {@link #accept}s: no second job slips in between a check and the acceptance.
     */
    synchronized <T> T exclusively(Supplier<T> decision) {
        return decision.get();
    }

    /** Saves {@code job} (mode 0600, it holds the token) and only then makes it the current one. */
    synchronized void accept(InstallJob job) throws IOException {
        job.save(stateDir, codec);
        current = job;
    }

    /** Reports {@code job} as it is, e.g. once more after a restart, without saving it. */
    void report(InstallJob job) {
        if (job != null) {
            reporter.report(job.progress(clock.getAsLong()));
        }
    }

    /**
     * Counts bytes of a running download, reported at most every {@link #PROGRESS_INTERVAL_NANOS}. Not saved: a resumed
     * download continues from the installer's own durable offset ({@link ResumePoint}), not from the job file.
     */
    void downloaded(long compressedBytes) {
        InstallJob job;
        synchronized (this) {
            if (current == null || current.state() != InstallState.DOWNLOADING) {
                return;
            }
            current = current.moveTo(InstallState.DOWNLOADING, compressedBytes, "");
            long now = System.nanoTime();
            if (now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastProgressNanos = now;
            job = current;
        }
        reporter.report(job.progress(clock.getAsLong()));
    }

    /**
     * Moves the job forward to {@code next}, saving and reporting it; a job already there or past it (resumed after a
     * restart) stays where it is, since a report never goes back.
     *
     * @param bytes bytes received, or -1 to keep the count
     */
    void advance(InstallState next, long bytes) {
        InstallJob job;
        synchronized (this) {
            if (current == null || !current.state().canMoveTo(next)) {
                return;
            }
            job = current = current.moveTo(next, bytes < 0 ? current.bytes() : bytes, "");
            lastProgressNanos = System.nanoTime();
        }
        saveAndReport(job, null);
    }

    /** Moves the job to {@code next} (a final state, or HEALTH_CHECK) with {@code reason}. */
    void move(InstallState next, String reason) {
        InstallJob job;
        synchronized (this) {
            if (current == null) {
                return;
            }
            if (!current.state().canMoveTo(next)) {
                log.warn("{}: job {}: {} after {}, reported as it is", device, current.job(), next, current.state());
            }
            job = current = current.moveTo(next, current.bytes(), reason);
        }
        saveAndReport(job, null);
    }

    /** Ends a job that is not final yet as FAILED; {@code cause}, if any, goes to the log only. */
    void fail(InstallFailure failure, String detail, Throwable cause) {
        InstallJob job;
        synchronized (this) {
            if (current == null || current.state().isFinal()) {
                return;
            }
            job = current = current.moveTo(InstallState.FAILED, current.bytes(), failure.describe(detail));
        }
        saveAndReport(job, cause);
    }

    private void saveAndReport(InstallJob job, Throwable cause) {
        if (job.state() == InstallState.FAILED || job.state() == InstallState.ROLLED_BACK) {
            if (cause != null) {
                log.warn("{}: job {}: {} {}", device, job.job(), job.state(), job.reason(), cause);
            } else {
                log.warn("{}: job {}: {} {}", device, job.job(), job.state(), job.reason());
            }
        } else {
            log.info("{}: job {}: {} ({} of {} bytes)", device, job.job(), job.state(), job.bytes(),
                    job.totalBytes());
        }
        try {
            job.save(stateDir, codec);
        } catch (IOException e) {
            log.warn("{}: cannot save job {} at {}: {}", device, job.job(), job.state(), e.getMessage(), e);
        }
        reporter.report(job.progress(clock.getAsLong()));
    }

    /** An unreadable job file is moved aside rather than deleted, so a technician can still see what it said. */
    private Optional<InstallJob> load() {
        try {
            return InstallJob.load(stateDir, codec);
        } catch (IOException e) {
            Path file = stateDir.resolve(InstallJob.FILE);
            Path aside = stateDir.resolve(InstallJob.FILE + ".unreadable");
            log.error("{}: {}; moved to {} and forgotten", device, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.error("{}: cannot move {} aside: {}", device, file, moveFailed.getMessage());
            }
            return Optional.empty();
        }
    }
}
