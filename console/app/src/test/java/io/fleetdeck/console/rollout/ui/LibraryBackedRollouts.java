package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutException;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the console's RolloutService until it lands on this branch: imports and signs with the real
 * firmware library (a real SQLite file, real image files, the real operator key), on its own thread as the service
 * does; what the devices say in pre-flight and how their jobs move is scripted by the test. Records every call.
 */
final class LibraryBackedRollouts implements Rollouts {
    /** One call to plan(), as the UI made it. */
    record PlanCall(Optional<Path> file, OptionalLong imageId, List<DeviceId> devices, Optional<String> version) {
    }

    private final SqliteFirmwareLibrary library;
    private final Map<DeviceId, String> models;
    private final Map<DeviceId, PreflightVerdict> refusals = new ConcurrentHashMap<>();
    private final List<PlanCall> plans = new CopyOnWriteArrayList<>();
    private final List<RolloutPlan> started = new CopyOnWriteArrayList<>();
    private final List<Path> imports = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final List<RolloutJob> jobs = new ArrayList<>();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicInteger nextJob = new AtomicInteger(1);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-rollouts");
        thread.setDaemon(true);
        return thread;
    });
    /** When set, plan() waits for it before answering, so a test can see the "checking" state. */
    private volatile CompletableFuture<Void> planGate = CompletableFuture.completedFuture(null);

    /** @param models each device's board model, what the release is signed for */
    LibraryBackedRollouts(Path dataDir, Map<DeviceId, String> models) {
        this.library = SqliteFirmwareLibrary.open(dataDir, OperatorKey.loadOrCreate(dataDir),
                new ManifestSignatures(new PayloadCodec()), Clock.systemUTC());
        this.models = Map.copyOf(models);
    }

    void refuse(DeviceId device, InstallFailure failure, String message) {
        refusals.put(device, PreflightVerdict.refused(device, failure, message));
    }

    void holdPlans(CompletableFuture<Void> gate) {
        planGate = gate;
    }

    List<PlanCall> plans() {
        return List.copyOf(plans);
    }

    List<RolloutPlan> started() {
        return List.copyOf(started);
    }

    List<Path> imports() {
        return List.copyOf(imports);
    }

    List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, ReleaseOptions options) {
        Optional<String> version = options.version();
        plans.add(new PlanCall(Optional.of(image), OptionalLong.empty(), List.copyOf(devices), version));
        CompletableFuture<Void> gate = planGate;
        return gate.thenApplyAsync(ignored -> planFor(library.importImage(image), devices, version), worker);
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, ReleaseOptions options) {
        Optional<String> version = options.version();
        plans.add(new PlanCall(Optional.empty(), OptionalLong.of(imageId), List.copyOf(devices), version));
        CompletableFuture<Void> gate = planGate;
        return gate.thenApplyAsync(ignored -> planFor(library.image(imageId).orElseThrow(
                () -> new RolloutException(null, "no image #" + imageId + " in the library", null)), devices, version),
                worker);
    }

    private RolloutPlan planFor(FirmwareImage image, List<DeviceId> devices, Optional<String> version) {
        FirmwareImage versioned = version.isPresent() ? library.setVersion(image.id(), version.get()) : image;
        if (versioned.version().isEmpty()) {
            throw new RolloutException(image.file(), "no version in the file name; set one", null);
        }
        List<String> boards = devices.stream().map(models::get).distinct().toList();
        SignedManifest release = library.release(versioned.id(), boards);
        List<PreflightVerdict> verdicts = devices.stream().map(device -> refusals.getOrDefault(device,
                PreflightVerdict.cleared(device, "model, key, space and version checked"))).toList();
        return new RolloutPlan(versioned, release, verdicts);
    }

    @Override
    public synchronized CompletableFuture<List<RolloutJob>> start(RolloutPlan plan) {
        started.add(plan);
        List<RolloutJob> made = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (PreflightVerdict verdict : plan.cleared()) {
            RolloutJob job = new RolloutJob("job-" + nextJob.getAndIncrement(), verdict.device(), plan.image().id(),
                    plan.image().name(), plan.version(), InstallState.QUEUED, 0, plan.image().compressedSize(), 0,
                    OptionalLong.empty(), "", now, now);
            jobs.addFirst(job);
            made.add(job);
        }
        revision.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> made, worker);
    }

    /** Moves a job on, as the device's progress reports would. */
    synchronized RolloutJob advance(String jobId, InstallState state, long bytes, double rate, String reason) {
        for (int i = 0; i < jobs.size(); i++) {
            RolloutJob job = jobs.get(i);
            if (job.id().equals(jobId)) {
                double remaining = job.totalBytes() - bytes;
                OptionalLong eta = rate > 0 ? OptionalLong.of(Math.round(remaining / rate * 1000)) : OptionalLong.empty();
                RolloutJob next = new RolloutJob(job.id(), job.device(), job.imageId(), job.imageName(), job.version(),
                        state, bytes, job.totalBytes(), rate, eta, reason, job.createdMs(), System.currentTimeMillis());
                jobs.set(i, next);
                revision.incrementAndGet();
                return next;
            }
        }
        throw new IllegalArgumentException("no job " + jobId);
    }

    /** Adds a job as another console or the deploy command would have started it. */
    synchronized RolloutJob addJob(RolloutJob job) {
        jobs.addFirst(job);
        revision.incrementAndGet();
        return job;
    }

    @Override
    public synchronized List<RolloutJob> jobs() {
        return List.copyOf(jobs);
    }

    @Override
    public synchronized Optional<RolloutJob> latestJob(DeviceId device) {
        return jobs.stream().filter(job -> job.device().equals(device)).findFirst();
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public List<FirmwareImage> images() {
        return library.images();
    }

    @Override
    public CompletableFuture<FirmwareImage> importImage(Path image) {
        imports.add(image);
        return CompletableFuture.supplyAsync(() -> library.importImage(image), worker);
    }

    @Override
    public CompletableFuture<FirmwareImage> setVersion(long imageId, String version) {
        return CompletableFuture.supplyAsync(() -> library.setVersion(imageId, version), worker);
    }

    @Override
    public synchronized void cancel(String jobId) {
        cancelled.add(jobId);
        advance(jobId, InstallState.FAILED, 0, 0, InstallFailure.CANCELLED.describe("by the operator"));
    }

    @Override
    public void close() {
        worker.shutdownNow();
        library.close();
    }
}
