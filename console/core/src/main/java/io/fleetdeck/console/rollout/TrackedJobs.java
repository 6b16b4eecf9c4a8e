package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs the tracker follows, by id, and the one way a job changes: the new record goes to the job table, the
 * {@link JobBoard} and its listeners, and a job that ends gives up its download. Tracker thread only, which is why
 * the map needs no lock.
 */
final class TrackedJobs {
    private static final Logger log = LoggerFactory.getLogger(TrackedJobs.class);
    /** Bytes-only changes reach the table at most this often per job; states are written at once. */
    private static final long PERSIST_BYTES_MS = 2_000;

    private final Map<String, TrackedJob> byId = new HashMap<>();
    private final SqliteJobStore store;
    private final ImageServer images;
    private final JobBoard board;
    private final Clock clock;

    TrackedJobs(SqliteJobStore store, ImageServer images, JobBoard board, Clock clock) {
        this.store = store;
        this.images = images;
        this.board = board;
        this.clock = clock;
    }

    Optional<TrackedJob> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** A copy, so a caller may change jobs while it walks them. */
    List<TrackedJob> all() {
        return List.copyOf(byId.values());
    }

    /** Follows {@code job} from now on without showing it yet; {@link #publish()} shows it. */
    void add(TrackedJob job) {
        byId.put(job.job().id(), job);
    }

    /** Follows a job just started and shows it at once. */
    void open(TrackedJob job) {
        add(job);
        publish();
        board.tell(job.job());
    }

    void publish() {
        List<RolloutJob> all = new ArrayList<>(byId.size());
        for (TrackedJob job : byId.values()) {
            all.add(job.job());
        }
        board.publish(all);
    }

    void update(TrackedJob job, InstallState state, long bytes, long total, String reason, long nowMs,
                boolean stateChanged) {
        job.move(state, bytes, total, reason, nowMs);
        if (stateChanged || state.isFinal() || nowMs - job.persistedMs() >= PERSIST_BYTES_MS) {
            persist(job, nowMs);
        }
        if (stateChanged) {
            RolloutJob now = job.job();
            log.info("Job {} on {}: {}{}", now.id(), now.device(), state, reason.isEmpty() ? "" : " (" + reason + ")");
        }
        publish();
        board.tell(job.job());
    }

    /** Ends a job on the console's own verdict. */
    void fail(TrackedJob job, String reason) {
        RolloutJob was = job.job();
        job.stopRate();
        update(job, InstallState.FAILED, was.bytes(), was.totalBytes(), reason, clock.millis(), true);
        ended(job);
    }

    /** After the last change of a job: its download is withdrawn and its row loses the token. */
    void ended(TrackedJob job) {
        job.stopRate();
        images.revoke(job.job().id());
        persist(job, clock.millis());
    }

    private void persist(TrackedJob job, long nowMs) {
        try {
            store.save(job.job(), job.job().state().isFinal() ? "" : job.token());
            job.persisted(nowMs);
        } catch (JobStoreException e) {
            // Memory stays right and the device's retained report repairs the row after a restart.
            log.error("Job {}: {}", job.job().id(), e.getMessage());
        }
    }
}
