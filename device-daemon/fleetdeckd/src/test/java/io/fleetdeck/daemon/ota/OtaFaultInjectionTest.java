package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.mqtt.MosquittoExtension;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.ota.ImageServer;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #4's safety promise, tried the hard way: "a kill -9 of the daemon at any point of an install leaves a device
 * that boots a committed slot". Each round installs a new image (healthy or not, raw {@code .img} that resumes with
 * Range or {@code .img.xz} that starts over) into a real {@code fleetdeckd run} child JVM over a real mosquitto and a
 * real HTTP server, and SIGKILLs the daemon once in a phase of the install drawn uniformly ({@link Phase}: trust,
 * accept, download, verify, write/mark, rebooting/exit, restart/startup, health check, commit), at a random offset
 * after that phase is seen to begin (in the daemon's log, the supervisor's starts, or the test's own commands), so
 * that short phases get as many kills as long ones. A systemd stand-in ({@link DaemonSupervisor}) restarts it.
 * After every round the device must be back, boot a committed and intact slot, run that slot's version, and the job
 * must have ended (or resumed to an end) in a clear state that the retained install report agrees with.
 *
 * <p>{@code -Dfleetdeck.soak.rounds=N} (default 5) and {@code -Dfleetdeck.soak.seed=S} (printed; the same seed draws
 * the same images, target phases and offsets, though a kill lands by time and may land a phase later) scale and
 * replay it; {@code
 * assets/bin/fleetdeck-soak-ota} runs it alone with many rounds. The summary goes to stdout and to
 * {@code target/ota-fault-injection.txt}, the daemons' logs and the supervisor's starts and exits to {@code
 * target/ota-fault-injection-logs/}.
 */
class OtaFaultInjectionTest {
    static final String ROUNDS = "fleetdeck.soak.rounds";
    static final String SEED = "fleetdeck.soak.seed";
    private static final DeviceId DEVICE = DeviceId.of("soak-ota-1");
    private static final List<String> PI4 = List.of("Raspberry Pi 4");
    private static final String FACTORY = "1.0.0";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    /** A round that has not settled by then is stuck: a violation, not a wait. */
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** Slow enough that a download spans a good part of the install, as it does on a real network. */
    private static final long SERVE_RATE = 4L << 20;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @RegisterExtension
    final MosquittoExtension broker = new MosquittoExtension();
    private TestSubscriber console;
    private ImageServer server;
    private OtaFixtures fx;
    private DaemonSupervisor daemon;
    private final Map<String, OtaFixtures.Release> releases = new ConcurrentHashMap<>();
    /** The running round's trigger, fed every daemon log line and supervisor event. */
    private final AtomicReference<Trigger> trigger = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        console = new TestSubscriber(broker.url(), "soak-console");
        server = new ImageServer();
        server.throttle(SERVE_RATE);
        fx = new OtaFixtures(console, server);
        OffPiDaemon.fixtureTree(dir, "10000000cafe0099");
        Path config = OffPiDaemon.config(dir, broker.url(), DEVICE, state(), FACTORY, HEALTH_TIMEOUT);
        daemon = new DaemonSupervisor(config, Files.createDirectories(dir.resolve("logs")),
                () -> console.messages().size());
        daemon.onLine(line -> {
            Trigger armed = trigger.get();
            if (armed != null) {
                armed.accept(line);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.close();
        server.close();
        console.close();
    }

    private Path state() {
        return dir.resolve("state");
    }

    @Test
    void aKillAtAnyPointOfAnInstallLeavesADeviceThatBootsACommittedSlot() throws Exception {
        int rounds = Integer.getInteger(ROUNDS, 5);
        long seed = Long.getLong(SEED, new SecureRandom().nextLong());
        System.out.printf("OTA fault injection: %d rounds, seed %d (replay: -D%s=%d)%n", rounds, seed, SEED, seed);
        Random random = new Random(seed);
        Tally tally = new Tally(rounds, seed);
        daemon.start();
        Optional<String> first = awaitSettled(null, false);
        assertThat(first).as("the daemon starts on the factory slot").isEmpty();
        for (int round = 1; round <= rounds; round++) {
            Plan plan = Plan.draw(random, round);
            tally.add(round(plan));
        }
        tally.starts = daemon.starts();
        tally.exits = daemon.exits();
        String summary = tally.summary();
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "ota-fault-injection.txt"), summary + "\n");
        keepLogs(Path.of("target", "ota-fault-injection-logs"));
        assertThat(tally.violations).as("invariant violations (seed " + seed + ", logs in " + dir + ")").isEmpty();
    }

    /**
     * The install phases a round aims its kill at. Each begins with an event the test sees and lasts about {@link
     * #windowMs} here; the kill comes at a random fraction of that after the beginning (the phase it actually lands
     * in is what {@link #observeKill} finds, and is what the summary counts).
     */
    enum Phase {
        TRUST("trust"), ACCEPT("accept"), DOWNLOAD("download"), VERIFY("verify"), WRITE_MARK("write/mark"),
        REBOOTING_EXIT("rebooting/exit"), RESTART_STARTUP("restart/startup"), HEALTH_CHECK("health check"),
        COMMIT("commit");

        final String label;

        Phase(String label) {
            this.label = label;
        }

        /**
         * How long the phase lasts here, roughly: trust and accept are one command each; the download runs at {@link
         * #SERVE_RATE}; verify reads the slot back; write/mark is two small durable writes; rebooting/exit is the
         * brief restart shutdown; restart/startup is a JVM start up to {@code HEALTH_CHECK}; a healthy trial commits
         * within a second, an unhealthy one times out; commit is one durable write and a report (for an unhealthy
         * image: the rollback until the daemon exits).
         */
        long windowMs(Plan plan) {
            return switch (this) {
                case TRUST, ACCEPT -> 40;
                case DOWNLOAD -> Math.max(50, (plan.format() == ImageFormat.IMG ? plan.rawSize() : plan.rawSize() / 2)
                        * 1000 / SERVE_RATE);
                case VERIFY -> 60;
                case WRITE_MARK -> 12;
                case REBOOTING_EXIT -> 700;
                case RESTART_STARTUP -> 1_500;
                case HEALTH_CHECK -> plan.healthy() ? 700 : HEALTH_TIMEOUT.toMillis();
                case COMMIT -> plan.healthy() ? 3 : 600;
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Copies the daemons' logs and {@code supervisor.log} out of the temporary directory, for timing the phases. */
    private void keepLogs(Path target) throws IOException {
        Files.createDirectories(target);
        try (var logs = Files.list(dir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** What one round installs and where it kills: drawn from the seed alone. */
    record Plan(int round, String version, boolean healthy, ImageFormat format, long rawSize, Phase target,
                double offset) {
        static Plan draw(Random random, int round) {
            boolean healthy = random.nextInt(4) != 0;
            ImageFormat format = random.nextBoolean() ? ImageFormat.IMG : ImageFormat.IMG_XZ;
            long rawSize = (2L << 20) + random.nextInt(2 << 20);
            Phase target = Phase.values()[random.nextInt(Phase.values().length)];
            return new Plan(round, "2." + round + ".0", healthy, format, rawSize, target, random.nextDouble());
        }

        long killAfterMs() {
            return (long) (offset * target.windowMs(this));
        }

        String fileName() {
            return "fw-" + version + format.suffix();
        }

        String job() {
            return "soak-" + round;
        }

        @Override
        public String toString() {
            return version + " " + format.suffix() + " " + (healthy ? "healthy" : "unhealthy") + " "
                    + rawSize / 1024 + " KiB, kill " + killAfterMs() + " ms into " + target;
        }
    }

    /**
     * Sees the round's target phase begin: from the daemon's log lines ({@code job soak-N: STATE}, {@code Committed
     * slot}), the supervisor's start after the restart, or the test itself (trust, accept). Gives up when the job
     * ends before its target phase came.
     */
    private static final class Trigger implements Consumer<String> {
        private final Plan plan;
        /** System.nanoTime() of the beginning, or -1 when the phase never came. */
        private final CompletableFuture<Long> began = new CompletableFuture<>();
        private boolean rebootingSeen;

        Trigger(Plan plan) {
            this.plan = plan;
        }

        void fire() {
            began.complete(System.nanoTime());
        }

        void giveUp() {
            began.complete(-1L);
        }

        @Override
        public synchronized void accept(String line) {
            if (began.isDone()) {
                return;
            }
            String job = "job " + plan.job() + ": ";
            rebootingSeen |= line.contains(job + InstallState.REBOOTING);
            boolean begins = switch (plan.target()) {
                case TRUST, ACCEPT -> false;
                case DOWNLOAD -> line.contains(job + InstallState.DOWNLOADING);
                case VERIFY -> line.contains(job + InstallState.VERIFYING);
                case WRITE_MARK -> line.contains(job + InstallState.WRITING);
                case REBOOTING_EXIT -> line.contains(job + InstallState.REBOOTING);
                case RESTART_STARTUP -> rebootingSeen && line.startsWith("supervisor: start ");
                case HEALTH_CHECK -> line.contains(job + InstallState.HEALTH_CHECK);
                case COMMIT -> plan.healthy() ? line.contains("Committed slot")
                        : line.contains(job + InstallState.ROLLED_BACK);
            };
            if (begins) {
                fire();
            } else if (line.contains(job + InstallState.COMMITTED) || line.contains(job + InstallState.FAILED)
                    || line.contains(job + InstallState.ROLLED_BACK)) {
                giveUp();
            }
        }
    }

    /** Where the kill was aimed and where it landed, and what the victim left behind. */
    record Kill(Phase target, String phase, List<String> violations) {
        static final String NOT_REACHED = "none (target phase not reached)";
    }

    /** One round's end: outcome label and any broken invariant. */
    record Result(Plan plan, Kill kill, String outcome, List<String> violations, long millis) {
    }

    private Result round(Plan plan) throws Exception {
        OtaFixtures.Release release = fx.release(Files.createDirectories(dir.resolve("images")), plan.fileName(),
                plan.version(), plan.rawSize(), plan.healthy(), PI4);
        releases.put(plan.version(), release);
        String before = committedVersion();
        AtomicReference<String> stage = new AtomicReference<>("trust");
        long t0 = System.nanoTime();
        Trigger armed = new Trigger(plan);
        trigger.set(armed);
        CompletableFuture<Kill> kill = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("killer-" + plan.round()).start(() -> {
            try {
                long began = armed.began.get(SETTLE.toSeconds(), TimeUnit.SECONDS);
                if (began < 0) {
                    kill.complete(new Kill(plan.target(), Kill.NOT_REACHED, List.of()));
                    return;
                }
                long at = began + TimeUnit.MILLISECONDS.toNanos(plan.killAfterMs());
                // Sleeps of a few milliseconds overshoot; spin for the last one so short phases are hit.
                while (at - System.nanoTime() > 2_000_000) {
                    TimeUnit.NANOSECONDS.sleep(at - System.nanoTime() - 1_000_000);
                }
                while (System.nanoTime() < at) {
                    Thread.onSpinWait();
                }
                kill.complete(daemon.kill9(victim -> observeKill(victim, plan, stage.get())));
            } catch (TimeoutException e) {
                kill.complete(new Kill(plan.target(), Kill.NOT_REACHED, List.of()));
            } catch (Throwable e) {
                kill.completeExceptionally(e);
            }
        });
        if (plan.target() == Phase.TRUST) {
            armed.fire();
        }

        List<String> violations = new ArrayList<>();
        Optional<Boolean> accepted = Optional.of(false);
        Optional<CommandResponse> trusted = fx.trySend(DEVICE, Commands.TRUST_KEY,
                fx.trustRequest(DEVICE, fx.operator, OtaFixtures.pairingCode(state())), ANSWER);
        if (trusted.isPresent()) {
            // As the console does: commands wait until the device is back with its new broker password.
            fx.awaitingReconnect(DEVICE, trusted.get());
        }
        if (trusted.isPresent() && !trusted.get().ok()) {
            violations.add("trust-key refused: " + trusted.get().message());
        }
        if (trusted.isPresent() && trusted.get().ok()) {
            stage.set("accept");
            if (plan.target() == Phase.ACCEPT) {
                armed.fire();
            }
            Optional<CommandResponse> answer = fx.trySend(DEVICE, Commands.INSTALL,
                    fx.codec.encode(fx.command(plan.job(), release).toRequest(fx.codec)), ANSWER);
            // No answer: the kill came first; whether the job was saved before it, the job file tells.
            accepted = answer.map(CommandResponse::ok);
            if (answer.isPresent() && !answer.get().ok()) {
                violations.add("install refused on an idle device: " + answer.get().message());
            }
        }
        if (accepted.isEmpty() || !accepted.get()) {
            // Nothing was (known to be) accepted: no later phase will begin unless the job file says otherwise.
            if (plan.target() != Phase.TRUST && plan.target() != Phase.ACCEPT && loadJob().filter(
                    j -> j.job().equals(plan.job())).isEmpty()) {
                armed.giveUp();
            } else if (plan.target() == Phase.ACCEPT) {
                armed.fire();
            }
        }
        Kill killed = kill.get(2 * SETTLE.toSeconds(), TimeUnit.SECONDS);
        trigger.set(null);
        violations.addAll(killed.violations());

        Optional<String> unsettled = awaitSettled(plan.job(), accepted.orElse(false));
        unsettled.ifPresent(why -> violations.add("did not settle within " + SETTLE.toSeconds() + " s: " + why
                + "\n" + daemon.tail()));
        Optional<InstallJob> job = loadJob().filter(j -> j.job().equals(plan.job()));
        String outcome = job.map(j -> j.state() + InstallFailure.of(j.reason()).map(f -> " " + f).orElse(""))
                .orElse("NOT_ACCEPTED");
        if (unsettled.isEmpty()) {
            violations.addAll(checkEnd(plan, before, job));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Result result = new Result(plan, killed, outcome, violations, millis);
        System.out.printf("round %d: %s, landed in %s -> %s, committed %s (%d ms)%s%n", plan.round(), plan,
                killed.phase(),
                outcome, committedVersion(), millis, violations.isEmpty() ? "" : "\n  VIOLATIONS: " + violations);
        return result;
    }

    /** Runs while the killed daemon is gone and its successor not yet started: what did it leave? */
    private Kill observeKill(LabProcess victim, Plan plan, String stage) {
        List<String> violations = new ArrayList<>();
        String phase;
        try {
            SlotState slots = slots().state();
            Optional<InstallJob> job = loadJob().filter(j -> j.job().equals(plan.job()));
            if (victim == null) {
                phase = "restart/startup (no process)";
            } else if (job.isEmpty()) {
                phase = stage;
            } else {
                InstallJob j = job.get();
                phase = switch (j.state()) {
                    case QUEUED -> "accept";
                    case DOWNLOADING -> "download";
                    case VERIFYING -> "verify";
                    case WRITING -> "write/mark";
                    // The process that reported REBOOTING was on its way out; any other is the next one starting.
                    case REBOOTING -> victim.lines().stream().anyMatch(l -> l.contains("job " + plan.job() + ": "
                            + InstallState.REBOOTING)) ? "rebooting/exit" : "restart/startup";
                    case HEALTH_CHECK -> slots.committed() == j.target() ? "commit" : "health check";
                    case COMMITTED -> reported(plan.job(), InstallState.COMMITTED) ? "after the end" : "commit";
                    case ROLLED_BACK -> slots.trying().isEmpty() && j.reason().startsWith(
                            InstallFailure.HEALTH_CHECK_FAILED.name()) && versionRunning(plan.version())
                            ? "rollback" : "after the end";
                    default -> "after the end";
                };
            }
            violations.addAll(intact("committed", slots.committed()));
            if (slots.trying().isPresent()) {
                violations.addAll(intact("marked for trial", slots.trying().get()));
            }
        } catch (IOException | RuntimeException e) {
            phase = stage;
            violations.add("state unreadable after the kill: " + e);
        }
        return new Kill(plan.target(), phase, violations.stream().map(v -> "after a kill in " + stage + ": " + v)
                .toList());
    }

    /** Whether the console has the retained report of {@code job} in {@code state}. */
    private boolean reported(String job, InstallState state) {
        TestSubscriber.Received retained = console.latest(Topics.install(DEVICE));
        InstallProgress report = retained == null ? null : decodeInstall(retained);
        return report != null && report.job().equals(job) && report.state() == state;
    }

    /** Whether the latest info says the device runs {@code version} (a trial that was rolled back, not yet left). */
    private boolean versionRunning(String version) {
        return latestInfo(0).map(info -> info.firmwareVersion().equals(version)).orElse(false);
    }

    /**
     * Waits until the device is back and the job (if it was accepted) ended: a daemon runs, announced the version of
     * the committed slot from it, nothing is on trial, the retained report agrees with the job file, and it answers
     * a ping. Returns what was still missing if that never happens.
     */
    private Optional<String> awaitSettled(String jobId, boolean accepted) throws Exception {
        long end = System.nanoTime() + SETTLE.toNanos();
        String missing = "";
        while (System.nanoTime() < end) {
            try {
                missing = missing(jobId, accepted);
            } catch (IOException e) {
                // A torn state file would be a finding; reported if it does not pass.
                missing = "state unreadable: " + e;
            }
            if (missing == null) {
                DaemonSupervisor.Running running = daemon.running();
                Optional<CommandResponse> pong = fx.trySend(DEVICE, Commands.PING,
                        fx.codec.encode(new CommandRequest(Map.of())), ANSWER);
                if (pong.isPresent() && pong.get().ok() && daemon.running().starts() == running.starts()) {
                    return Optional.empty();
                }
                missing = "no answer to ping";
            }
            Thread.sleep(100);
        }
        return Optional.of(missing);
    }

    private String missing(String jobId, boolean accepted) throws IOException {
        DaemonSupervisor.Running running = daemon.running();
        if (!running.alive()) {
            return "no daemon process runs";
        }
        SlotState slots = slots().state();
        if (slots.trying().isPresent() || slots.active() != slots.committed()) {
            return "slot state not settled: " + slots;
        }
        String committed = versions().of(slots.committed()).orElse(FACTORY);
        Optional<DeviceInfo> info = latestInfo(running.messageMark());
        if (info.isEmpty()) {
            return "no info from " + running.process();
        }
        if (!info.get().firmwareVersion().equals(committed) || !info.get().activeSlot().name().equals(
                slots.committed().name())) {
            return "runs " + info.get().firmwareVersion() + " in slot " + info.get().activeSlot() + ", committed is "
                    + committed + " in slot " + slots.committed();
        }
        Optional<InstallJob> job = loadJob().filter(j -> jobId != null && j.job().equals(jobId));
        if (job.isEmpty()) {
            return accepted ? "accepted job " + jobId + " is not in the job file" : null;
        }
        if (!job.get().state().isFinal()) {
            return "job " + jobId + " is " + job.get().state();
        }
        TestSubscriber.Received retained = console.latest(Topics.install(DEVICE));
        InstallProgress report = retained == null ? null : decodeInstall(retained);
        if (report == null || !report.job().equals(jobId) || report.state() != job.get().state()
                || !report.reason().equals(job.get().reason())) {
            return "install report " + (report == null ? "missing" : report.job() + " " + report.state() + " "
                    + report.reason()) + " disagrees with the job file " + job.get().state() + " "
                    + job.get().reason();
        }
        return null;
    }

    /** The invariants of a settled round. */
    private List<String> checkEnd(Plan plan, String before, Optional<InstallJob> job) throws IOException {
        List<String> violations = new ArrayList<>();
        SlotState slots = slots().state();
        String committed = versions().of(slots.committed()).orElse(FACTORY);
        violations.addAll(intact("committed", slots.committed()));
        if (job.isPresent()) {
            InstallJob j = job.get();
            if (j.state() == InstallState.COMMITTED) {
                if (!plan.healthy()) {
                    violations.add("an unhealthy image was committed");
                }
                if (!committed.equals(plan.version()) || slots.committed() != j.target()) {
                    violations.add("job COMMITTED but slot " + slots.committed() + " (" + committed
                            + ") is committed, not " + j.target() + " (" + plan.version() + ")");
                }
            } else {
                if (InstallFailure.of(j.reason()).isEmpty()) {
                    violations.add("job " + j.state() + " without a reason code: '" + j.reason() + "'");
                }
                if (!committed.equals(before)) {
                    violations.add("job " + j.state() + " but the committed version changed from " + before + " to "
                            + committed);
                }
            }
            try {
                OtaFixtures.checkedStates(fx.reports(DEVICE, plan.job()));
            } catch (AssertionError e) {
                violations.add("reports out of order: " + e.getMessage());
            }
        } else if (!committed.equals(before)) {
            violations.add("no job, but the committed version changed from " + before + " to " + committed);
        }
        return violations;
    }

    /** A committed or marked slot must hold, byte for byte, the verified image its recorded version came from. */
    private List<String> intact(String role, Slot slot) throws IOException {
        Optional<String> version = versions().of(slot);
        if (version.isEmpty()) {
            return slot == Slot.A ? List.of() : List.of("slot " + slot + " is " + role + " but has no version");
        }
        OtaFixtures.Release release = releases.get(version.get());
        if (release == null) {
            return List.of("slot " + slot + " is " + role + " with unknown version " + version.get());
        }
        long size = release.manifest().manifest().rawSize();
        String expected = release.manifest().manifest().rawSha256();
        String actual = sha256(slots().file(slot), size);
        return actual.equals(expected) ? List.of() : List.of("slot " + slot + " is " + role + " with version "
                + version.get() + " but holds other bytes (SHA-256 " + actual + ", expected " + expected + ")");
    }

    private static String sha256(Path file, long size) throws IOException {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() < size) {
                return "(only " + in.size() + " of " + size + " bytes)";
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long position = 0;
            while (position < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                position += in.read(buffer, position);
                digest.update(buffer.flip());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<DeviceInfo> latestInfo(int fromMessage) {
        List<TestSubscriber.Received> all = console.messages();
        for (int i = all.size() - 1; i >= fromMessage; i--) {
            TestSubscriber.Received received = all.get(i);
            if (received.topic().equals(Topics.info(DEVICE))) {
                try {
                    return Optional.of(fx.codec.decodeInfo(received.payload()));
                } catch (MalformedPayloadException e) {
                    throw new AssertionError("invalid info: " + received.text(), e);
                }
            }
        }
        return Optional.empty();
    }

    private InstallProgress decodeInstall(TestSubscriber.Received received) {
        try {
            return fx.codec.decodeInstall(received.payload());
        } catch (MalformedPayloadException e) {
            throw new AssertionError("invalid install report: " + received.text(), e);
        }
    }

    private String committedVersion() throws IOException {
        return versions().of(slots().state().committed()).orElse(FACTORY);
    }

    private Optional<InstallJob> loadJob() throws IOException {
        return InstallJob.load(state(), fx.codec);
    }

    private DirectorySlots slots() throws IOException {
        return new DirectorySlots(state().resolve("slots"), 16L << 20);
    }

    private SlotVersions versions() {
        return new SlotVersions(state());
    }

    /** Counts over all rounds, and the summary the soak command prints. */
    private static final class Tally {
        private final int rounds;
        private final long seed;
        private final Map<String, Integer> kills = new TreeMap<>();
        private final Map<Phase, Integer> targets = new EnumMap<>(Phase.class);
        private int onTarget;
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, Integer> images = new TreeMap<>();
        private final List<String> violations = new ArrayList<>();
        private int starts;
        private Map<Integer, Integer> exits = Map.of();
        private long millis;

        Tally(int rounds, long seed) {
            this.rounds = rounds;
            this.seed = seed;
        }

        void add(Result result) {
            kills.merge(result.kill().phase(), 1, Integer::sum);
            targets.merge(result.kill().target(), 1, Integer::sum);
            if (result.kill().phase().startsWith(result.kill().target().label)
                    || !result.plan().healthy() && result.kill().target() == Phase.COMMIT
                    && result.kill().phase().equals("rollback")) {
                onTarget++;
            }
            outcomes.merge(result.outcome() + (result.plan().healthy() ? " (healthy image)" : " (unhealthy image)"),
                    1, Integer::sum);
            images.merge(result.plan().format().suffix() + (result.plan().healthy() ? " healthy" : " unhealthy"), 1,
                    Integer::sum);
            result.violations().forEach(v -> violations.add("round " + result.plan().round() + " (" + result.plan()
                    + "): " + v));
            millis += result.millis();
        }

        String summary() {
            StringBuilder s = new StringBuilder("OTA fault injection summary\n");
            s.append("  seed: ").append(seed).append('\n');
            s.append("  rounds: ").append(rounds).append(" (").append(millis / 1000).append(" s)\n");
            s.append("  images: ").append(images).append('\n');
            s.append("  target phases: ").append(targets).append('\n');
            s.append("  kills by phase (where they landed): ").append(kills).append('\n');
            s.append("  landed in the target phase: ").append(onTarget).append(" of ").append(rounds).append('\n');
            s.append("  outcomes: ").append(outcomes).append('\n');
            s.append("  daemon starts: ").append(starts).append(", exits by code: ").append(exits).append('\n');
            s.append("  violations: ").append(violations.size());
            violations.forEach(v -> s.append("\n    ").append(v));
            return s.toString();
        }
    }
}
