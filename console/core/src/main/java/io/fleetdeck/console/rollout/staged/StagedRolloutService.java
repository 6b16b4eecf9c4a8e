package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.model.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one {@link StagedRollouts}: drives {@link Rollouts} (pre-flight, install, jobs) stage by stage. It knows jobs
 * only through that interface, so the plain rollout path is untouched and every install of a stage is an ordinary
 * job, tracked, persisted and recovered after a restart by the job machinery.
 *
 * <p>Threads: every change of a staged rollout runs on one thread, {@code staged-rollouts}, which also writes the
 * tables and, every {@code period}, asks the targets, follows the jobs, pauses, advances stages and starts installs
 * ({@link StageSteps}). Pre-flights and installs complete on the rollout service's threads and are handed back here.
 * After each change an immutable list is published, so {@link #rollouts()} and {@link #revision()} read memory.
 */
public final class StagedRolloutService implements StagedRollouts {
    private static final Logger log = LoggerFactory.getLogger(StagedRolloutService.class);
    private static final Duration DEFAULT_PERIOD = Duration.ofMillis(500);
    private static final int REMEMBERED = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Rollouts rollouts;
    private final SqliteStagedRolloutStore store;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Map<String, StagedRollout> byId = new LinkedHashMap<>();
    /** Targets per running rollout; rollouts restored from the table use their stored members. */
    private final Map<String, RolloutTargets> targets = new HashMap<>();
    private final List<Consumer<StagedRolloutEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong revision = new AtomicLong();
    private volatile List<StagedRollout> published = List.of();

    private StagedRolloutService(Rollouts rollouts, SqliteStagedRolloutStore store, Clock clock) {
        this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, "staged-rollouts");
            named.setDaemon(true);
            return named;
        });
    }

    /**
     * Loads the staged rollouts of an earlier run and goes on with them: running ones at the stage they stood at,
     * paused ones stay paused. Start it after {@code rollouts}, whose restored jobs it follows. Blocking (reads the
     * tables); call at start-up.
     */
    public static StagedRolloutService start(Rollouts rollouts, SqliteStagedRolloutStore store, Clock clock) {
        return start(rollouts, store, clock, DEFAULT_PERIOD, true);
    }

    /**
     * As {@link #start(Rollouts, SqliteStagedRolloutStore, Clock)}, looking at targets and jobs every {@code period}.
     *
     * @param restore whether to go on with the stored rollouts; {@code deploy} does not, as they are the window's
     *                (two processes driving one rollout would start its installs twice)
     */
    public static StagedRolloutService start(Rollouts rollouts, SqliteStagedRolloutStore store, Clock clock,
                                             Duration period, boolean restore) {
        StagedRolloutService service = new StagedRolloutService(rollouts, store, clock);
        try {
            service.thread.submit(restore ? service::restore : () -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while restoring staged rollouts", e);
        } catch (ExecutionException e) {
            service.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        service.thread.scheduleWithFixedDelay(service::tickAll, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return service;
    }

    @Override
    public CompletableFuture<StagedRollout> start(StagedRolloutRequest request) {
        return CompletableFuture.supplyAsync(() -> create(request), thread);
    }

    @Override
    public List<StagedRollout> rollouts() {
        return published;
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public CompletableFuture<StagedRollout> resume(String rolloutId) {
        return CompletableFuture.supplyAsync(() -> {
            StagedRollout rollout = known(rolloutId);
            if (rollout.state() != StagedRolloutState.PAUSED) {
                throw new StagedRolloutException(rolloutId, "is " + rollout.state() + ", not paused");
            }
            String why = rollout.pauseReason();
            StagedRollout resumed = rollout.resumed(clock.millis());
            put(resumed);
            event(resumed, StagedRolloutEvent.Kind.RESUMED, "after: " + why);
            return tick(resumed);
        }, thread);
    }

    @Override
    public CompletableFuture<StagedRollout> abort(String rolloutId) {
        return CompletableFuture.supplyAsync(() -> {
            StagedRollout rollout = known(rolloutId);
            if (rollout.state().isFinal()) {
                throw new StagedRolloutException(rolloutId, "is already " + rollout.state());
            }
            long now = clock.millis();
            // A pause reason stays: it is why the operator aborted.
            StagedRollout aborted = rollout.moved(StagedRolloutState.ABORTED, rollout.stage(), rollout.pauseReason(),
                    now)
                    .mapMembers(member -> member.state() == MemberState.PENDING
                            ? member.moved(MemberState.SKIPPED, "rollout aborted") : member, now);
            for (StagedMember member : aborted.members()) {
                if (member.state() == MemberState.INSTALLING) {
                    // A job already rebooting is not stopped by this and ends on its own; it is still followed.
                    rollouts.cancel(member.jobId());
                }
            }
            put(aborted);
            event(aborted, StagedRolloutEvent.Kind.ABORTED, aborted.active() + " install(s) still ending");
            return aborted;
        }, thread);
    }

    @Override
    public void addEventListener(Consumer<StagedRolloutEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private StagedRollout create(StagedRolloutRequest request) {
        String id = "staged-" + HexFormat.of().formatHex(randomBytes());
        FirmwareImage image = rollouts.images().stream().filter(i -> i.id() == request.imageId()).findFirst()
                .orElseThrow(() -> new StagedRolloutException(id, "no firmware image #" + request.imageId()
                        + " in the library"));
        List<DeviceId> devices = request.targets().current();
        if (devices.isEmpty()) {
            throw new StagedRolloutException(id, "no target devices");
        }
        long now = clock.millis();
        StagedRollout rollout = new StagedRollout(id, image.id(), image.name(), request.release(),
                request.targets().describe(), request.stages(), request.maxParallel(), request.threshold(),
                StagedRolloutState.RUNNING, 0, "", 0, 0, List.of(), now, now);
        rollout = StageSteps.join(rollout, devices, now);
        rollout = StageSteps.assign(rollout, 0, now);
        targets.put(id, request.targets());
        put(rollout);
        log.info("Staged rollout {}: {} on {} device(s) in stages {}, at most {} at once, threshold {}", id,
                image.name(), devices.size(), request.stages().text(), request.maxParallel(),
                request.threshold().text());
        event(rollout, StagedRolloutEvent.Kind.STARTED, image.name() + " on " + devices.size() + " device(s)");
        stageStarted(rollout);
        return tick(rollout);
    }

    /** On the thread, once: loads the tables and picks up launches a crash interrupted. */
    private void restore() {
        Map<String, RolloutJob> jobs = jobsById();
        long now = clock.millis();
        List<StagedRollout> stored = store.recent(REMEMBERED);
        for (StagedRollout rollout : stored.reversed()) {
            StagedRollout restored = rollout.mapMembers(member -> StageSteps.relaunched(rollout, member, jobs), now);
            if (!restored.state().isFinal()) {
                // A group would be found again by the name its targets describe; a fixed list is its members.
                targets.put(restored.id(), RolloutTargets.of(restored.members().stream()
                        .map(StagedMember::device).toList()));
            }
            byId.put(restored.id(), restored);
            if (!restored.equals(rollout)) {
                save(restored);
            }
        }
        publish();
        if (!stored.isEmpty()) {
            log.info("Restored {} staged rollouts, {} unfinished", stored.size(),
                    stored.stream().filter(r -> !r.state().isFinal()).count());
        }
    }

    private void tickAll() {
        try {
            for (StagedRollout rollout : List.copyOf(byId.values())) {
                if (!rollout.state().isFinal() || rollout.active() > 0) {
                    tick(rollout);
                }
            }
        } catch (RuntimeException e) {
            // The schedule stops for good on an exception; log and try again next period.
            log.error("Staged rollouts: {}", e.toString(), e);
        }
    }

    /** On the thread: applies the rules once and starts what may start. */
    private StagedRollout tick(StagedRollout before) {
        long now = clock.millis();
        StagedRollout rollout = before;
        RolloutTargets current = targets.get(rollout.id());
        if (current != null && !rollout.state().isFinal()) {
            rollout = StageSteps.join(rollout, current.current(), now);
        }
        rollout = StageSteps.follow(rollout, jobsById(), now);
        rollout = pauseIfNeeded(rollout, now);
        while (rollout.state() == StagedRolloutState.RUNNING && StageSteps.stageEnded(rollout)) {
            if (rollout.stages().isLast(rollout.stage())) {
                rollout = StageSteps.assign(rollout, rollout.stage(), now);
                if (StageSteps.allEnded(rollout)) {
                    rollout = rollout.moved(StagedRolloutState.DONE, rollout.stage(), "", now);
                    put(rollout);
                    event(rollout, StagedRolloutEvent.Kind.DONE, rollout.count(MemberState.COMMITTED)
                            + " committed, " + rollout.count(MemberState.FAILED) + " failed, "
                            + rollout.count(MemberState.SKIPPED) + " skipped");
                }
                break;
            }
            rollout = rollout.moved(StagedRolloutState.RUNNING, rollout.stage() + 1, "", now);
            rollout = StageSteps.assign(rollout, rollout.stage(), now);
            put(rollout);
            stageStarted(rollout);
        }
        if (rollout.state() == StagedRolloutState.RUNNING && rollout.stages().isLast(rollout.stage())) {
            // Devices that join while the last stage runs belong to it.
            rollout = StageSteps.assign(rollout, rollout.stage(), now);
        }
        List<DeviceId> launch = StageSteps.launchable(rollout, now);
        if (!launch.isEmpty()) {
            rollout = rollout.mapMembers(member -> launch.contains(member.device())
                    ? member.moved(MemberState.LAUNCHING, "", "", now) : member, now);
        }
        if (!rollout.equals(before)) {
            put(rollout);
        }
        if (!launch.isEmpty()) {
            launch(rollout, launch);
        }
        return rollout;
    }

    private StagedRollout pauseIfNeeded(StagedRollout rollout, long now) {
        StagedRollout checked = StageSteps.checkThreshold(rollout, now);
        if (checked.state() == StagedRolloutState.PAUSED && rollout.state() != StagedRolloutState.PAUSED) {
            put(checked);
            log.warn("Staged rollout {} paused in stage {}: {}", checked.id(), checked.stage() + 1,
                    checked.pauseReason());
            event(checked, StagedRolloutEvent.Kind.PAUSED, checked.pauseReason());
        }
        return checked;
    }

    /** Pre-flights and starts {@code devices} (already LAUNCHING); the answers come back on this thread. */
    private void launch(StagedRollout rollout, List<DeviceId> devices) {
        String id = rollout.id();
        rollouts.plan(rollout.imageId(), devices, rollout.release())
                .whenCompleteAsync((plan, failure) -> planned(id, devices, plan, failure), thread);
    }

    private void planned(String id, List<DeviceId> devices, RolloutPlan plan, Throwable failure) {
        StagedRollout rollout = byId.get(id);
        long now = clock.millis();
        if (failure != null) {
            String why = "pre-flight failed: " + rootMessage(failure);
            rollout = rollout.mapMembers(m -> devices.contains(m.device()) && m.state() == MemberState.LAUNCHING
                    ? m.moved(MemberState.FAILED, why) : m, now);
            put(rollout);
            tick(rollout);
            return;
        }
        if (rollout.state() != StagedRolloutState.RUNNING) {
            // Paused or aborted while the pre-flight ran: start nothing.
            boolean aborted = rollout.state() == StagedRolloutState.ABORTED;
            rollout = rollout.mapMembers(m -> devices.contains(m.device()) && m.state() == MemberState.LAUNCHING
                    ? (aborted ? m.moved(MemberState.SKIPPED, "rollout aborted") : m.moved(MemberState.PENDING, "",
                    "", 0)) : m, now);
            put(rollout);
            return;
        }
        Map<DeviceId, PreflightVerdict> refused = plan.refused().stream()
                .collect(Collectors.toMap(PreflightVerdict::device, Function.identity()));
        rollout = rollout.mapMembers(m -> refused.containsKey(m.device()) && m.state() == MemberState.LAUNCHING
                ? StageSteps.refused(m, refused.get(m.device()), now) : m, now);
        put(rollout);
        if (plan.cleared().isEmpty()) {
            tick(rollout);
            return;
        }
        List<DeviceId> cleared = plan.cleared().stream().map(PreflightVerdict::device).toList();
        rollouts.start(plan).whenCompleteAsync((jobs, error) -> started(id, cleared, jobs, error), thread);
    }

    private void started(String id, List<DeviceId> cleared, List<RolloutJob> jobs, Throwable failure) {
        StagedRollout rollout = byId.get(id);
        long now = clock.millis();
        Map<DeviceId, RolloutJob> byDevice = new HashMap<>();
        if (jobs != null) {
            jobs.forEach(job -> byDevice.put(job.device(), job));
        }
        String why = failure == null ? "the install could not be started (see the console log)"
                : "the install could not be started: " + rootMessage(failure);
        rollout = rollout.mapMembers(m -> {
            if (!cleared.contains(m.device()) || m.state() != MemberState.LAUNCHING) {
                return m;
            }
            RolloutJob job = byDevice.get(m.device());
            return job == null ? m.moved(MemberState.FAILED, why)
                    : m.moved(MemberState.INSTALLING, job.id(), "", m.launchedMs());
        }, now);
        if (rollout.state() == StagedRolloutState.ABORTED) {
            byDevice.values().forEach(job -> rollouts.cancel(job.id()));
        }
        put(rollout);
        tick(rollout);
    }

    private void stageStarted(StagedRollout rollout) {
        int stage = rollout.stage();
        List<StagedMember> in = rollout.inStage(stage);
        String detail = "stage " + (stage + 1) + " of " + rollout.stages().count() + " ("
                + rollout.stages().get(stage).text() + "): " + in.stream().map(m -> m.device().value())
                .collect(Collectors.joining(", "));
        log.info("Staged rollout {}: {}", rollout.id(), detail);
        event(rollout, StagedRolloutEvent.Kind.STAGE_STARTED, detail);
    }

    private StagedRollout known(String rolloutId) {
        StagedRollout rollout = byId.get(rolloutId);
        if (rollout == null) {
            throw new StagedRolloutException(rolloutId, "no such staged rollout");
        }
        return rollout;
    }

    /** Records {@code rollout} as current: table, memory, published list. */
    private void put(StagedRollout rollout) {
        byId.put(rollout.id(), rollout);
        save(rollout);
        publish();
    }

    private void save(StagedRollout rollout) {
        try {
            store.save(rollout);
        } catch (StagedRolloutStoreException e) {
            // Memory stays right; the next change writes the row again.
            log.error("Staged rollout {}: {}", rollout.id(), e.getMessage());
        }
    }

    private void publish() {
        List<StagedRollout> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(StagedRollout::createdMs).reversed()
                .thenComparing(StagedRollout::id, Comparator.reverseOrder()));
        published = List.copyOf(all);
        revision.incrementAndGet();
    }

    private void event(StagedRollout rollout, StagedRolloutEvent.Kind kind, String detail) {
        StagedRolloutEvent event = new StagedRolloutEvent(rollout.id(), kind, rollout.stage(), detail,
                clock.millis());
        for (Consumer<StagedRolloutEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A staged rollout listener failed on {}: {}", event, e.toString());
            }
        }
    }

    private Map<String, RolloutJob> jobsById() {
        Map<String, RolloutJob> jobs = new HashMap<>();
        for (RolloutJob job : rollouts.jobs()) {
            jobs.put(job.id(), job);
        }
        return jobs;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
