package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.FirmwareImportException;
import io.fleetdeck.console.firmware.FirmwareLibrary;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.LocalRoutes;
import io.fleetdeck.console.fleet.DeviceDiscovery;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.mqtt.BrokerConnectionException;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.console.mqtt.DeviceDidNotAnswerException;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one {@link Rollouts}: imports and signs through the library, pre-flights on the console and on each device,
 * grants downloads on the image server, sends {@code cmd/install}, and follows each job through the device's retained
 * install reports, kept in {@code firmware.db}.
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
    private static final Logger log = LoggerFactory.getLogger(RolloutService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes-only changes reach the table at most this often per job; states are written at once. */
    private static final long PERSIST_BYTES_MS = 2_000;

    /** Tracker-thread state of one job. */
    /** How long a job whose cmd/install went unanswered keeps its download open for a late answer or report. */
    static final Duration ANSWER_GRACE = Duration.ofSeconds(60);

    private static final class Tracked {
        RolloutJob job;
        String token;
        long lastHeardMs;
        long persistedMs;
        /** Why cmd/install got no answer, while the console still waits for a late one; null otherwise. */
        String unanswered;
        long unansweredSinceMs;
        final ProgressRate rate = new ProgressRate();

        Tracked(RolloutJob job, String token, long nowMs) {
            this.job = job;
            this.token = token;
            this.lastHeardMs = nowMs;
            this.persistedMs = nowMs;
        }
    }

    private final FirmwareLibrary library;
    private final FleetRegistry registry;
    private final DeviceCommands commands;
    private final ImageServer images;
    private final SqliteJobStore store;
    private final PayloadCodec codec;
    private final Clock clock;
    private final RolloutSettings settings;
    private final ExecutorService worker;
    private final ScheduledExecutorService tracker;
    private final FleetRegistry.InstallListener listener = this::reported;
    private final List<Consumer<RolloutJob>> jobListeners = new CopyOnWriteArrayList<>();

    private final Map<String, Tracked> tracked = new HashMap<>();
    private final Set<String> unknownJobsLogged = new HashSet<>();
    private volatile List<RolloutJob> view = List.of();
    private final Map<DeviceId, RolloutJob> latest = new ConcurrentHashMap<>();
    private volatile List<FirmwareImage> imageList = List.of();
    private final AtomicLong revision = new AtomicLong();

    private RolloutService(FirmwareLibrary library, FleetRegistry registry, DeviceCommands commands,
                           ImageServer images, SqliteJobStore store, PayloadCodec codec, Clock clock,
                           RolloutSettings settings) {
        this.library = Objects.requireNonNull(library, "library");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.images = Objects.requireNonNull(images, "images");
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.worker = Executors.newFixedThreadPool(2, daemon("rollout-worker"));
        this.tracker = Executors.newSingleThreadScheduledExecutor(daemon("rollout-jobs"));
    }

    /**
     * Loads the newest jobs from the table, grants the downloads of the unfinished ones again and starts listening to
     * install reports. Blocking (reads the table); call at start-up. The devices' retained reports then bring the
     * restored jobs up to date.
     */
    public static RolloutService start(FirmwareLibrary library, FleetRegistry registry, DeviceCommands commands,
                                       ImageServer images, SqliteJobStore store, PayloadCodec codec, Clock clock,
                                       RolloutSettings settings) {
        RolloutService service = new RolloutService(library, registry, commands, images, store, codec, clock,
                settings);
        try {
            service.tracker.submit(service::restore).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while restoring rollout jobs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            service.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        }
        service.refreshImages();
        registry.addInstallListener(service.listener);
        // Reports that arrived before the listener was in place.
        service.tracker.execute(service::catchUp);
        long period = settings.watchdogPeriod().toMillis();
        service.tracker.scheduleWithFixedDelay(service::watchdog, period, period, TimeUnit.MILLISECONDS);
        return service;
    }

    // ---- Rollouts -------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, Optional<String> version) {
        List<DeviceId> targets = List.copyOf(devices);
        return CompletableFuture.supplyAsync(() -> importNow(image), worker)
                .thenCompose(imported -> plan(imported.id(), targets, version));
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, Optional<String> version) {
        List<DeviceId> targets = List.copyOf(new LinkedHashSet<>(devices));
        return CompletableFuture.supplyAsync(() -> release(imageId, targets, version), worker)
                .thenCompose(release -> preflightAll(release.image(), release.manifest(), targets)
                        .thenApply(verdicts -> new RolloutPlan(release.image(), release.manifest(), verdicts)));
    }

    @Override
    public CompletableFuture<List<RolloutJob>> start(RolloutPlan plan) {
        List<CompletableFuture<Optional<RolloutJob>>> each = new ArrayList<>();
        for (PreflightVerdict verdict : plan.cleared()) {
            each.add(startOne(plan, verdict.device()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    }

    /**
     * Tells {@code listener} of every change of every job, in order, on the service's tracker thread; it must return
     * quickly. The deploy command prints each phase so; the window polls {@link #revision()} instead.
     */
    public void addJobListener(Consumer<RolloutJob> listener) {
        jobListeners.add(listener);
    }

    @Override
    public List<RolloutJob> jobs() {
        return view;
    }

    @Override
    public Optional<RolloutJob> latestJob(DeviceId device) {
        return Optional.ofNullable(latest.get(device));
    }

    @Override
    public long revision() {
        return revision.get();
    }

    @Override
    public List<FirmwareImage> images() {
        return imageList;
    }

    @Override
    public CompletableFuture<FirmwareImage> importImage(Path image) {
        return CompletableFuture.supplyAsync(() -> importNow(image), worker);
    }

    @Override
    public CompletableFuture<FirmwareImage> setVersion(long imageId, String version) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                FirmwareImage changed = library.setVersion(imageId, version);
                refreshImages();
                return changed;
            } catch (IllegalArgumentException e) {
                throw new RolloutException(null, "cannot set the version of image #" + imageId + ": "
                        + e.getMessage(), e);
            }
        }, worker);
    }

    @Override
    public void cancel(String jobId) {
        tracker.execute(() -> {
            Tracked job = tracked.get(jobId);
            if (job == null || job.job.state().isFinal()) {
                log.info("Cancel of job {} ignored: {}", jobId, job == null ? "unknown job" : "already ended");
                return;
            }
            InstallState state = job.job.state();
            if (state == InstallState.REBOOTING || state == InstallState.HEALTH_CHECK) {
                log.info("Job {} on {} is {}; it cannot be stopped from the console and is left to end", jobId,
                        job.job.device(), state);
                return;
            }
            close(job, InstallFailure.CANCELLED.describe("cancelled by the operator while " + state));
        });
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

    // ---- planning -------------------------------------------------------------------------------------------------

    private record Release(FirmwareImage image, SignedManifest manifest) {
    }

    private FirmwareImage importNow(Path image) {
        try {
            FirmwareImage imported = library.importImage(image);
            refreshImages();
            return imported;
        } catch (FirmwareImportException e) {
            throw new RolloutException(image, e.getMessage(), e);
        }
    }

    private Release release(long imageId, List<DeviceId> devices, Optional<String> version) {
        FirmwareImage image = library.image(imageId)
                .orElseThrow(() -> new RolloutException(null, "no firmware image #" + imageId + " in the library",
                        null));
        Path name = Path.of(image.name());
        if (version.isPresent() && !version.get().isBlank()) {
            try {
                image = library.setVersion(imageId, version.get());
            } catch (IllegalArgumentException e) {
                throw new RolloutException(name, e.getMessage(), e);
            }
        }
        if (image.version().isEmpty()) {
            throw new RolloutException(name, "no version could be read from the file name; give one (--version,"
                    + " or edit it in the library)", null);
        }
        List<String> models = image.models();
        if (models.isEmpty()) {
            models = devices.stream().map(registry::info).flatMap(Optional::stream).map(DeviceInfo::model)
                    .filter(model -> !model.isBlank()).distinct().limit(16).toList();
            if (models.isEmpty()) {
                throw new RolloutException(name, "the image names no board model and none of the devices has "
                        + "announced its model yet", null);
            }
            image = library.setModels(imageId, models);
        }
        refreshImages();
        try {
            return new Release(image, library.release(imageId, models));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new RolloutException(name, "cannot sign a release: " + e.getMessage(), e);
        }
    }

    private CompletableFuture<List<PreflightVerdict>> preflightAll(FirmwareImage image, SignedManifest release,
                                                                   List<DeviceId> devices) {
        List<CompletableFuture<PreflightVerdict>> each = devices.stream()
                .map(device -> preflight(image, release, device)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PreflightVerdict> preflight(FirmwareImage image, SignedManifest release,
                                                          DeviceId device) {
        Optional<PreflightVerdict> refused = consoleChecks(release, device);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        // Same arguments as the install, under a throwaway job and a token that grants nothing: the device checks
        // signature, model, size and space without fetching a byte.
        String job = "preflight-" + randomId();
        InstallCommand check = installCommand(job, ImageServer.newToken(), image, release, device);
        return commands.send(device, Commands.PREFLIGHT, check.toRequest(codec))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        return PreflightVerdict.refused(device, InstallFailure.NO_ANSWER, describe(failure));
                    }
                    if (answer.ok()) {
                        return PreflightVerdict.cleared(device, answer.message().isBlank()
                                ? "ready for " + release.manifest().version() : answer.message());
                    }
                    InstallFailure code = refusalCode(answer);
                    return PreflightVerdict.refused(device, code, answer.message().isBlank() ? code.name()
                            : answer.message());
                });
    }

    /** What the console can tell without asking the device, in the order an operator would fix it. */
    private Optional<PreflightVerdict> consoleChecks(SignedManifest release, DeviceId device) {
        Optional<DeviceSnapshot> known = registry.device(device).filter(snapshot -> !snapshot.removed());
        if (known.isEmpty()) {
            return refuse(device, InstallFailure.NO_ANSWER, "unknown device: the console has never heard of it");
        }
        DeviceSnapshot snapshot = known.get();
        if (snapshot.presence() != PresenceState.ONLINE) {
            return refuse(device, InstallFailure.NO_ANSWER, "offline" + (snapshot.lastSeenMs() > 0
                    ? " (last seen " + Duration.ofMillis(Math.max(0, clock.millis() - snapshot.lastSeenMs()))
                    .toSeconds() + " s ago)" : ""));
        }
        if (settings.requireAdoption() && !snapshot.adopted()) {
            return refuse(device, InstallFailure.UNKNOWN_KEY,
                    "not adopted: press Adopt so it trusts this console's key");
        }
        if (snapshot.info().isEmpty()) {
            return refuse(device, InstallFailure.NO_ANSWER, "it has not announced its model and version (info)");
        }
        DeviceInfo info = snapshot.info().get();
        if (!release.manifest().fits(info.model())) {
            return refuse(device, InstallFailure.WRONG_MODEL, "image is for " + release.manifest().models()
                    + ", this board is '" + info.model() + "'");
        }
        if (info.firmwareVersion().equals(release.manifest().version())) {
            return refuse(device, InstallFailure.SAME_VERSION, "already runs " + info.firmwareVersion());
        }
        Optional<RolloutJob> running = latestJob(device).filter(job -> !job.state().isFinal());
        if (running.isPresent()) {
            return refuse(device, InstallFailure.BUSY, "job " + running.get().id() + " is "
                    + running.get().state() + " (" + running.get().version() + ")");
        }
        Optional<InstallProgress> reported = snapshot.install().filter(progress -> !progress.state().isFinal());
        if (reported.isPresent()) {
            return refuse(device, InstallFailure.BUSY, "it reports job " + reported.get().job() + " "
                    + reported.get().state() + " (" + reported.get().version() + ")");
        }
        return Optional.empty();
    }

    private static Optional<PreflightVerdict> refuse(DeviceId device, InstallFailure failure, String message) {
        return Optional.of(PreflightVerdict.refused(device, failure, message));
    }

    // ---- starting -------------------------------------------------------------------------------------------------

    private CompletableFuture<Optional<RolloutJob>> startOne(RolloutPlan plan, DeviceId device) {
        return CompletableFuture.supplyAsync(() -> create(plan, device), tracker).thenCompose(created -> {
            if (created.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<RolloutJob>empty());
            }
            Tracked job = created.get();
            InstallCommand install = installCommand(job.job.id(), job.token, plan.image(), plan.release(), device);
            return commands.send(device, Commands.INSTALL, install.toRequest(codec))
                    .handleAsync((answer, failure) -> Optional.of(answered(job, answer, failure)), tracker);
        }).exceptionally(failure -> {
            log.error("Could not start an install on {}: {}", device, describe(failure));
            return Optional.empty();
        });
    }

    /** On the tracker: records the job before anything goes out, then grants its download. */
    private Optional<Tracked> create(RolloutPlan plan, DeviceId device) {
        Optional<RolloutJob> running = Optional.ofNullable(latest.get(device)).filter(j -> !j.state().isFinal());
        if (running.isPresent()) {
            log.warn("Not starting {} on {}: job {} is still {}", plan.version(), device, running.get().id(),
                    running.get().state());
            return Optional.empty();
        }
        long now = clock.millis();
        String id = "job-" + randomId();
        String token = ImageServer.newToken();
        FirmwareImage image = plan.image();
        RolloutJob job = new RolloutJob(id, device, image.id(), image.name(), plan.version(), InstallState.QUEUED, 0,
                image.compressedSize(), 0, OptionalLong.empty(), "", now, now);
        store.save(job, token);
        images.grant(id, token, image);
        Tracked entry = new Tracked(job, token, now);
        tracked.put(id, entry);
        publish();
        tell(job);
        log.info("Job {}: installing {} ({}) on {}", id, plan.version(), image.name(), device);
        return Optional.of(entry);
    }

    /** On the tracker: the device's answer to cmd/install. */
    private RolloutJob answered(Tracked job, CommandResponse answer, Throwable failure) {
        if (failure != null) {
            if (job.job.state() == InstallState.QUEUED) {
                // A busy device may have accepted and simply answered late: revoking the download now would fail
                // an install it already started. The watchdog gives up after ANSWER_GRACE without any report.
                job.unanswered = describe(failure);
                job.unansweredSinceMs = clock.millis();
                log.warn("Job {}: {}; keeping its download open for {} s in case the answer is only late",
                        job.job.id(), job.unanswered, ANSWER_GRACE.toSeconds());
            }
            return job.job;
        }
        if (answer.ok()) {
            job.lastHeardMs = clock.millis();
            log.info("Job {}: {} accepted the install", job.job.id(), job.job.device());
            return job.job;
        }
        InstallFailure code = refusalCode(answer);
        if (!job.job.state().isFinal()) {
            close(job, code.describe(answer.message()));
        }
        return job.job;
    }

    private InstallCommand installCommand(String job, String token, FirmwareImage image, SignedManifest release,
                                          DeviceId device) {
        String fileName = ImageServer.servedName(image);
        URI url = images.uri(hostToward(device), job, fileName);
        return new InstallCommand(job, release, url, token, image.compressedSize(), fileName);
    }

    /** The console's address on the device's side: the route toward where mDNS saw it, else the bind address. */
    private InetAddress hostToward(DeviceId device) {
        InetAddress fallback = LocalRoutes.fallback(images.address().getAddress().getHostAddress());
        List<String> addresses = registry.device(device).flatMap(DeviceSnapshot::discovery)
                .map(DeviceDiscovery::addresses).orElse(List.of());
        return LocalRoutes.toward(addresses, fallback);
    }

    private static InstallFailure refusalCode(CommandResponse answer) {
        return InstallFailure.of(answer.data().get(Commands.REASON)).orElse(InstallFailure.BAD_REQUEST);
    }

    // ---- tracking -------------------------------------------------------------------------------------------------

    /** On the ingest thread: hand over, never apply here. */
    private void reported(DeviceId device, InstallProgress progress, long nowMs) {
        try {
            tracker.execute(() -> apply(device, progress, nowMs));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.debug("Closed; dropped the install report of {}", device);
        }
    }

    private void apply(DeviceId device, InstallProgress report, long nowMs) {
        Tracked job = tracked.get(report.job());
        if (job == null) {
            if (unknownJobsLogged.add(report.job())) {
                log.info("Ignoring install reports of job {} from {}: not a job of this console", report.job(),
                        device);
            }
            return;
        }
        if (!job.job.device().equals(device)) {
            log.warn("Ignoring a report of job {} from {}: the job belongs to {}", report.job(), device,
                    job.job.device());
            return;
        }
        InstallState current = job.job.state();
        InstallState next = report.state();
        if (current.isFinal()) {
            if (!reopens(job.job, next)) {
                if (next != current) {
                    log.debug("Ignoring {} for job {}: it already ended {}", next, job.job.id(), current);
                }
                return;
            }
            log.info("Job {}: {} reports {} after the console gave up on it ({}); taking the device's word",
                    job.job.id(), device, next, job.job.reason());
            if (!next.isFinal() && next.ordinal() < InstallState.REBOOTING.ordinal() && !job.token.isEmpty()) {
                imageOf(job.job).ifPresent(image -> images.grant(job.job.id(), job.token, image));
            }
        } else if (next != current && !current.canMoveTo(next)) {
            log.warn("Ignoring a report of job {} from {}: {} cannot follow {}", report.job(), device, next, current);
            return;
        }
        long total = report.totalBytes() > 0 ? report.totalBytes() : job.job.totalBytes();
        job.lastHeardMs = nowMs;
        job.unanswered = null;
        job.rate.add(nowMs, report.bytes());
        String reason = next.isFinal() && next != InstallState.COMMITTED ? report.reason() : "";
        update(job, next, report.bytes(), total, reason, nowMs, next != current);
        if (next.isFinal()) {
            ended(job);
        }
    }

    /** A job the console closed on its own verdict is reopened by a report showing the device went on. */
    private static boolean reopens(RolloutJob job, InstallState next) {
        if (job.state() != InstallState.FAILED) {
            return false;
        }
        Optional<InstallFailure> verdict = InstallFailure.of(job.reason());
        if (verdict.equals(Optional.of(InstallFailure.NO_ANSWER))) {
            return next != InstallState.QUEUED;
        }
        if (verdict.equals(Optional.of(InstallFailure.CANCELLED))) {
            // Cancelling only withdraws the download; a device already past it may still reboot and commit.
            return next == InstallState.REBOOTING || next == InstallState.HEALTH_CHECK
                    || next == InstallState.COMMITTED || next == InstallState.ROLLED_BACK;
        }
        return false;
    }

    private void update(Tracked job, InstallState state, long bytes, long total, String reason, long nowMs,
                        boolean stateChanged) {
        RolloutJob was = job.job;
        // Writing overlaps downloading when the image streams into the slot; both move bytes.
        boolean downloading = (state == InstallState.DOWNLOADING || state == InstallState.WRITING) && bytes < total;
        double rate = downloading ? job.rate.bytesPerSecond() : 0;
        OptionalLong eta = downloading ? job.rate.etaMs(bytes, total) : OptionalLong.empty();
        job.job = new RolloutJob(was.id(), was.device(), was.imageId(), was.imageName(), was.version(), state, bytes,
                total, rate, eta, reason, was.createdMs(), nowMs);
        if (stateChanged || state.isFinal() || nowMs - job.persistedMs >= PERSIST_BYTES_MS) {
            persist(job, nowMs);
        }
        if (stateChanged) {
            log.info("Job {} on {}: {}{}", was.id(), was.device(), state, reason.isEmpty() ? "" : " (" + reason + ")");
        }
        publish();
        tell(job.job);
    }

    /** Ends a job on the console's own verdict. */
    private void close(Tracked job, String reason) {
        RolloutJob was = job.job;
        job.rate.clear();
        update(job, InstallState.FAILED, was.bytes(), was.totalBytes(), reason, clock.millis(), true);
        ended(job);
    }

    private void ended(Tracked job) {
        job.rate.clear();
        images.revoke(job.job.id());
        persist(job, clock.millis());
    }

    private void persist(Tracked job, long nowMs) {
        try {
            store.save(job.job, job.job.state().isFinal() ? "" : job.token);
            job.persistedMs = nowMs;
        } catch (JobStoreException e) {
            // Memory stays right and the device's retained report repairs the row after a restart.
            log.error("Job {}: {}", job.job.id(), e.getMessage());
        }
    }

    /** On the tracker, every watchdog period: unfinished jobs whose device has been silent too long fail. */
    private void watchdog() {
        long now = clock.millis();
        long silence = settings.silence().toMillis();
        for (Tracked job : List.copyOf(tracked.values())) {
            if (job.job.state().isFinal()) {
                continue;
            }
            if (job.unanswered != null && job.job.state() == InstallState.QUEUED
                    && now - job.unansweredSinceMs >= ANSWER_GRACE.toMillis()) {
                close(job, InstallFailure.NO_ANSWER.describe(job.unanswered + ", and no install report followed "
                        + "within " + ANSWER_GRACE.toSeconds() + " s"));
                continue;
            }
            if (now - job.lastHeardMs < silence) {
                continue;
            }
            String where = registry.device(job.job.device()).map(DeviceSnapshot::presence)
                    .filter(presence -> presence == PresenceState.ONLINE).isPresent()
                    ? "online but sent no install report" : "offline";
            close(job, InstallFailure.NO_ANSWER.describe(where + " for " + settings.silence().toMinutes()
                    + " min while " + job.job.state()));
        }
    }

    private void restore() {
        long now = clock.millis();
        List<StoredJob> stored = store.recent(settings.remembered());
        int resumed = 0;
        for (StoredJob row : stored) {
            Tracked job = new Tracked(row.job(), row.token(), now);
            tracked.put(row.job().id(), job);
            if (row.job().state().isFinal()) {
                continue;
            }
            Optional<FirmwareImage> image = imageOf(row.job());
            if (image.isEmpty()) {
                close(job, InstallFailure.CANCELLED.describe("image #" + row.job().imageId()
                        + " is no longer in the library"));
                continue;
            }
            if (!row.token().isEmpty()) {
                images.grant(row.job().id(), row.token(), image.get());
            }
            resumed++;
        }
        publish();
        if (!stored.isEmpty()) {
            log.info("Restored {} rollout jobs, {} unfinished", stored.size(), resumed);
        }
    }

    private void catchUp() {
        for (Tracked job : List.copyOf(tracked.values())) {
            if (job.job.state().isFinal()) {
                continue;
            }
            registry.device(job.job.device()).flatMap(DeviceSnapshot::install)
                    .filter(report -> report.job().equals(job.job.id()))
                    .ifPresent(report -> apply(job.job.device(), report, clock.millis()));
        }
    }

    private Optional<FirmwareImage> imageOf(RolloutJob job) {
        try {
            return library.image(job.imageId());
        } catch (RuntimeException e) {
            log.warn("Cannot read image #{} of job {}: {}", job.imageId(), job.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private void publish() {
        List<RolloutJob> all = new ArrayList<>(tracked.size());
        for (Tracked job : tracked.values()) {
            all.add(job.job);
        }
        all.sort(Comparator.comparingLong(RolloutJob::createdMs).reversed().thenComparing(RolloutJob::id,
                Comparator.reverseOrder()));
        Map<DeviceId, RolloutJob> newest = new HashMap<>();
        for (RolloutJob job : all) {
            newest.putIfAbsent(job.device(), job);
        }
        view = List.copyOf(all);
        latest.putAll(newest);
        latest.keySet().retainAll(newest.keySet());
        revision.incrementAndGet();
    }

    private void tell(RolloutJob job) {
        for (Consumer<RolloutJob> listener : jobListeners) {
            try {
                listener.accept(job);
            } catch (RuntimeException e) {
                log.warn("A job listener failed on job {}: {}", job.id(), e.toString());
            }
        }
    }

    private void refreshImages() {
        try {
            imageList = List.copyOf(library.images());
            revision.incrementAndGet();
        } catch (RuntimeException e) {
            log.error("Cannot list the firmware library: {}", e.getMessage());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DeviceDidNotAnswerException || cause instanceof BrokerConnectionException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String randomId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
