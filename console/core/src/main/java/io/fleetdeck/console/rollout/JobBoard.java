package io.fleetdeck.console.rollout;

import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The tracker's jobs as every other thread sees them: an immutable list, newest first, and each device's newest job,
 * replaced whole after each change, so readers (the FX thread polling, pre-flight) touch memory only. The job
 * listeners hear each change here too. Only the tracker thread publishes and tells.
 */
final class JobBoard {
    private static final Logger log = LoggerFactory.getLogger(JobBoard.class);
    private static final Comparator<RolloutJob> NEWEST_FIRST = Comparator.comparingLong(RolloutJob::createdMs)
            .reversed().thenComparing(RolloutJob::id, Comparator.reverseOrder());

    private final Runnable changed;
    private final List<Consumer<RolloutJob>> listeners = new CopyOnWriteArrayList<>();
    private final Map<DeviceId, RolloutJob> latest = new ConcurrentHashMap<>();
    private volatile List<RolloutJob> jobs = List.of();

    /** @param changed told after each publication (the service's revision) */
    JobBoard(Runnable changed) {
        this.changed = changed;
    }

    /** On the tracker: shows {@code all} as the current jobs. */
    void publish(Collection<RolloutJob> all) {
        List<RolloutJob> sorted = new ArrayList<>(all);
        sorted.sort(NEWEST_FIRST);
        Map<DeviceId, RolloutJob> newest = new HashMap<>();
        for (RolloutJob job : sorted) {
            newest.putIfAbsent(job.device(), job);
        }
        jobs = List.copyOf(sorted);
        latest.putAll(newest);
        latest.keySet().retainAll(newest.keySet());
        changed.run();
    }

    /** On the tracker: tells every listener of {@code job}'s change; one listener failing keeps none from hearing. */
    void tell(RolloutJob job) {
        for (Consumer<RolloutJob> listener : listeners) {
            try {
                listener.accept(job);
            } catch (RuntimeException e) {
                log.warn("A job listener failed on job {}: {}", job.id(), e.toString());
            }
        }
    }

    void addListener(Consumer<RolloutJob> listener) {
        listeners.add(listener);
    }

    List<RolloutJob> jobs() {
        return jobs;
    }

    Optional<RolloutJob> latest(DeviceId device) {
        return Optional.ofNullable(latest.get(device));
    }
}
