package io.fleetdeck.console.rollout;

import io.fleetdeck.model.InstallState;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One job as the tracker follows it: its latest record, the token its download is granted with, when its device was
 * last heard from, and its recent download rate. Mutable, so it is confined to the tracker thread; every other thread
 * reads the immutable {@link RolloutJob}s the {@link JobBoard} publishes.
 */
final class TrackedJob {
    private final String token;
    private final ProgressRate rate = new ProgressRate();
    private RolloutJob job;
    private long lastHeardMs;
    private long persistedMs;
    /** Why cmd/install got no answer, while the console still waits for a late one; null otherwise. */
    private String unanswered;
    private long unansweredSinceMs;

    TrackedJob(RolloutJob job, String token, long nowMs) {
        this.job = Objects.requireNonNull(job, "job");
        this.token = Objects.requireNonNull(token, "token");
        this.lastHeardMs = nowMs;
        this.persistedMs = nowMs;
    }

    RolloutJob job() {
        return job;
    }

    /** The download token; empty for a job restored after it ended. */
    String token() {
        return token;
    }

    long lastHeardMs() {
        return lastHeardMs;
    }

    long persistedMs() {
        return persistedMs;
    }

    void persisted(long nowMs) {
        persistedMs = nowMs;
    }

    /** A report arrived: the device is alive, any doubt about its answer is settled, and its bytes feed the rate. */
    void heard(long nowMs, long bytes) {
        lastHeardMs = nowMs;
        unanswered = null;
        rate.add(nowMs, bytes);
    }

    /** The device accepted cmd/install; its silence counts from now. */
    void accepted(long nowMs) {
        lastHeardMs = nowMs;
    }

    /** cmd/install went unanswered for {@code why}; the console waits a while for a late answer or report. */
    void awaitLateAnswer(String why, long nowMs) {
        unanswered = why;
        unansweredSinceMs = nowMs;
    }

    /** Why cmd/install went unanswered, while the console still waits for a late answer. */
    Optional<String> unanswered() {
        return Optional.ofNullable(unanswered);
    }

    long unansweredSinceMs() {
        return unansweredSinceMs;
    }

    /** Forgets the rate, so a job that stopped moving bytes shows none. */
    void stopRate() {
        rate.clear();
    }

    /** Replaces the record with the job in {@code state}; rate and time left are shown only while bytes move. */
    void move(InstallState state, long bytes, long total, String reason, long nowMs) {
        RolloutJob was = job;
        // Writing overlaps downloading when the image streams into the slot; both move bytes.
        boolean downloading = (state == InstallState.DOWNLOADING || state == InstallState.WRITING) && bytes < total;
        double bytesPerSecond = downloading ? rate.bytesPerSecond() : 0;
        OptionalLong eta = downloading ? rate.etaMs(bytes, total) : OptionalLong.empty();
        job = new RolloutJob(was.id(), was.device(), was.imageId(), was.imageName(), was.version(), state, bytes,
                total, bytesPerSecond, eta, reason, was.createdMs(), nowMs);
    }
}
