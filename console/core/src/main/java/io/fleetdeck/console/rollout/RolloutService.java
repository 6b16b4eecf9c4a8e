package io.fleetdeck.console.rollout;

import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.FirmwareLibrary;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PayloadCodec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one {@link Rollouts}: imports and signs through the library, pre-flights on the console and on each device,
 * grants downloads on the image server, sends {@code cmd/install}, and follows each job through the device's retained
 * install reports, kept in {@code firmware.db}. A façade: each of those jobs is one class of this package, named for
 * it ({@code ImageCatalog}, {@code ReleaseSigner}, {@code Preflight}, {@code InstallLauncher}, {@code ReportTracker},
 * {@code SilenceWatchdog}, {@code JobRecovery}, {@code JobCanceller}); this class wires them and owns their threads
 * and the revision.
 *
 * <p>Threads: imports, signing and planning run on a small worker pool. Every change to a job runs on one tracker
 * thread (reports from the ingest thread are handed over, never applied there), which also writes the job table; after
 * each change it publishes an immutable list, so {@link #jobs()}, {@link #latestJob} and {@link #revision()} read
 * memory only.
 *
 * <p>A job the console closed on its own verdict (no answer, cancelled) is reopened by a later report from its device
 * that shows the device went on anyway: the device's own state is the truth.
 */
public final class RolloutService implements Rollouts {
    private final FleetRegistry registry;
    private final ExecutorService worker;
    private final ScheduledExecutorService tracker;
    /** Grows with every change of a job or of the image list. */
    private final AtomicLong revision = new AtomicLong();
    private final ImageCatalog catalog;
    private final ReleaseSigner signer;
    private final Preflight preflight;
    private final JobBoard board;
    private final InstallLauncher launcher;
    private final ReportTracker reports;
    private final SilenceWatchdog watchdog;
    private final JobRecovery recovery;
    private final JobCanceller canceller;
    private final RolloutAudit audit;
    private final FleetRegistry.InstallListener listener;

    private RolloutService(FirmwareLibrary library, FleetRegistry registry, DeviceCommands commands,
                           ImageServer images, SqliteJobStore store, PayloadCodec codec, Clock clock,
                           RolloutSettings settings, AuditLog audit) {
        Objects.requireNonNull(library, "library");
        this.audit = new RolloutAudit(Objects.requireNonNull(audit, "audit"));
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        this.worker = Executors.newFixedThreadPool(2, daemon("rollout-worker"));
        this.tracker = Executors.newSingleThreadScheduledExecutor(daemon("rollout-jobs"));
        this.catalog = new ImageCatalog(library, revision::incrementAndGet);
        this.signer = new ReleaseSigner(library, registry, catalog);
        this.board = new JobBoard(revision::incrementAndGet);
        InstallCommandFactory installs = new InstallCommandFactory(images, registry);
        this.preflight = new Preflight(new ConsoleChecks(registry, board, clock, settings), commands, installs, codec);
        TrackedJobs jobs = new TrackedJobs(store, images, board, clock);
        this.launcher = new InstallLauncher(jobs, board, store, images, commands, installs, codec, clock, tracker);
        this.reports = new ReportTracker(jobs, registry, catalog, images, clock, tracker);
        this.watchdog = new SilenceWatchdog(jobs, registry, clock, settings);
        this.recovery = new JobRecovery(jobs, store, catalog, images, clock, settings);
        this.canceller = new JobCanceller(jobs, tracker, audit);
        this.listener = reports::reported;
    }

    /**
     * Loads the newest jobs from the table, grants the downloads of the unfinished ones again and starts listening to
     * install reports. Blocking (reads the table); call at start-up. The devices' retained reports then bring the
     * restored jobs up to date. Every operator step (import, release, start, cancel) goes to {@code audit}.
     */
    public static RolloutService start(FirmwareLibrary library, FleetRegistry registry, DeviceCommands commands,
                                       ImageServer images, SqliteJobStore store, PayloadCodec codec, Clock clock,
                                       RolloutSettings settings, AuditLog audit) {
        RolloutService service = new RolloutService(library, registry, commands, images, store, codec, clock,
                settings, audit);
        try {
            service.tracker.submit(service.recovery::restore).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while restoring rollout jobs", e);
        } catch (ExecutionException e) {
            service.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        }
        service.catalog.refresh();
        registry.addInstallListener(service.listener);
        // Reports that arrived before the listener was in place.
        service.tracker.execute(service.reports::catchUp);
        long period = settings.watchdogPeriod().toMillis();
        service.tracker.scheduleWithFixedDelay(service.watchdog::check, period, period, TimeUnit.MILLISECONDS);
        return service;
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, ReleaseOptions options) {
        List<DeviceId> targets = List.copyOf(devices);
        return importImage(image).thenCompose(imported -> plan(imported.id(), targets, options));
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, ReleaseOptions options) {
        List<DeviceId> targets = List.copyOf(new LinkedHashSet<>(devices));
        return CompletableFuture.supplyAsync(() -> signer.sign(imageId, targets, options.version(),
                        options.securityVersion()), worker)
                .whenComplete((release, failure) -> audit.released(imageId, targets, options, release, failure))
                .thenCompose(release -> preflight.check(release.image(), release.manifest(), targets,
                                options.allowDowngrade())
                        .thenApply(verdicts -> new RolloutPlan(release.image(), release.manifest(), verdicts,
                                options.allowDowngrade())));
    }

    @Override
    public CompletableFuture<List<RolloutJob>> start(RolloutPlan plan) {
        return launcher.start(plan).whenComplete((jobs, failure) -> audit.started(plan, jobs, failure));
    }

    /**
     * Tells {@code listener} of every change of every job, in order, on the service's tracker thread; it must return
     * quickly. The deploy command prints each phase so; the window polls {@link #revision()} instead.
     */
    public void addJobListener(Consumer<RolloutJob> listener) {
        board.addListener(listener);
    }

    @Override
    public List<RolloutJob> jobs() {
        return board.jobs();
    }

    @Override
    public Optional<RolloutJob> latestJob(DeviceId device) {
        return board.latest(device);
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public List<FirmwareImage> images() {
        return catalog.images();
    }

    @Override
    public CompletableFuture<FirmwareImage> importImage(Path image) {
        return CompletableFuture.supplyAsync(() -> catalog.importImage(image), worker)
                .whenComplete((imported, failure) -> audit.imported(image, imported, failure));
    }

    @Override
    public CompletableFuture<FirmwareImage> setVersion(long imageId, String version) {
        return CompletableFuture.supplyAsync(() -> catalog.setVersion(imageId, version), worker)
                .whenComplete((image, failure) -> audit.versionSet(imageId, version, image, failure));
    }

    @Override
    public void cancel(String jobId) {
        canceller.cancel(jobId);
    }

    @Override
    public void close() {
        registry.removeInstallListener(listener);
        tracker.shutdown();
        worker.shutdownNow();
        try {
            if (!tracker.awaitTermination(5, TimeUnit.SECONDS)) {
                tracker.shutdownNow();
            }
        } catch (InterruptedException e) {
            tracker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
