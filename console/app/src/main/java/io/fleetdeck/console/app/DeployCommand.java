package io.fleetdeck.console.app;

import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.LocalRoutes;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.ReadingStore;
import io.fleetdeck.console.history.StoredDevice;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.ingest.LiveFeedHub;
import io.fleetdeck.console.mqtt.ConnectionStatus;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.RolloutException;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.RolloutService;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.trust.KeyInstaller;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleetdeck deploy IMAGE --device ID …}: the window's rollout without a window. Imports and signs with the
 * console's library and key (same data directory), pre-flights, installs, prints every phase of every device, and
 * exits 0 only when every device committed the new firmware. Never starts the JavaFX toolkit.
 *
 * <p>It has no mDNS, so it cannot pin device keys; it leaves the key check to the devices' own pre-flight, and
 * {@code --adopt} offers them the console's key first.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Import, sign, pre-flight and install a firmware image on devices, without a window. "
                + "Exits 0 only when every device committed the new firmware.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every device committed", "1:a device refused, failed, rolled back or timed out",
                "2:bad arguments, the image was refused, or the broker could not be reached"})
public final class DeployCommand implements Callable<Integer> {
    static final int ALL_COMMITTED = 0;
    static final int SOME_FAILED = 1;
    static final int CANNOT_RUN = 2;
    private static final long POLL_MS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "The image file: .img, .img.gz, .img.xz, .img.zst, or .zip holding one .img.")
    private Path image;

    @Option(names = "--device", paramLabel = "ID", required = true,
            description = "A device to install on; repeatable.")
    private List<String> devices = new ArrayList<>();

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "The MQTT v5 broker the devices use (default: the local console's, ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--version", paramLabel = "V",
            description = "The version the release promises (default: read from the file name).")
    private String version;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "The console's data directory: firmware library, job table and operator key "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path data = ConsoleSettings.defaultDataDirectory();

    @Option(names = "--adopt",
            description = "First offer each device this console's key (cmd/trust-key), as Adopt does in the window.")
    private boolean adopt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Give up on devices not done after this long (e.g. 90s, 20m, 1h; default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for the devices' retained info and status (default: ${DEFAULT-VALUE}).")
    private Duration wait;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to serve the image on (default: this machine's address toward the broker).")
    private String bind;

    @Option(names = "--image-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port to serve the image on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int imagePort;

    @Override
    public Integer call() {
        // Before the first logger: log to a file of its own in the data dir, and keep the terminal for phases.
        System.setProperty("fleetdeck.log.dir", data.toAbsolutePath().toString());
        System.setProperty("fleetdeck.log.name", "deploy");
        System.setProperty("fleetdeck.log.console", "WARN");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DeviceId> targets;
        try {
            targets = List.copyOf(new LinkedHashSet<>(devices.stream().map(DeviceId::of).toList()));
        } catch (IllegalArgumentException e) {
            err.println("deploy: " + e.getMessage());
            return CANNOT_RUN;
        }
        try (Session session = Session.open(this, targets)) {
            return session.run(out, err);
        } catch (RuntimeException e) {
            err.println("deploy: " + e.getMessage());
            LoggerFactory.getLogger(DeployCommand.class).error("deploy failed", e);
            return CANNOT_RUN;
        }
    }

    /** Everything one deploy opens, closed in reverse order. */
    private static final class Session implements AutoCloseable {
        private final DeployCommand options;
        private final List<DeviceId> targets;
        private final Logger log = LoggerFactory.getLogger(DeployCommand.class);
        private final List<AutoCloseable> opened = new ArrayList<>();
        private final FleetRegistry registry = new FleetRegistry();
        private FleetSubscriber subscriber;
        private MqttDeviceCommands commands;
        private OperatorKey key;
        private RolloutService rollouts;
        private final BlockingQueue<RolloutJob> changes = new LinkedBlockingQueue<>();

        private Session(DeployCommand options, List<DeviceId> targets) {
            this.options = options;
            this.targets = targets;
        }

        static Session open(DeployCommand options, List<DeviceId> targets) {
            Session session = new Session(options, targets);
            try {
                session.start();
                return session;
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }

        private void start() {
            Clock clock = Clock.systemUTC();
            PayloadCodec codec = new PayloadCodec();
            key = OperatorKey.loadOrCreate(options.data);
            SqliteFirmwareLibrary library = keep(SqliteFirmwareLibrary.open(options.data, key,
                    new ManifestSignatures(codec), clock));
            SqliteJobStore jobs = keep(SqliteJobStore.open(options.data));
            IngestPipeline ingest = new IngestPipeline(codec, registry, new NoHistory(), new LiveFeedHub(), clock);
            List<String> filters = new ArrayList<>();
            for (DeviceId device : targets) {
                filters.add(Topics.info(device));
                filters.add(Topics.status(device));
                filters.add(Topics.install(device));
            }
            String consoleId = "deploy-" + HexFormat.of().formatHex(randomBytes(4));
            subscriber = keep(new FleetSubscriber(options.broker, consoleId, filters, false, ingest::accept, clock));
            commands = new MqttDeviceCommands(subscriber, consoleId, MqttDeviceCommands.DEFAULT_TIMEOUT, codec);
            InetAddress host = imageHost();
            ImageServer images = keep(ImageServer.start(new InetSocketAddress(host, options.imagePort)));
            rollouts = keep(RolloutService.start(library, registry, commands, images, jobs, codec, clock,
                    RolloutSettings.defaults().withRequireAdoption(false)));
            rollouts.addJobListener(changes::add);
            subscriber.start();
        }

        /** Where devices can reach this machine: as given, else our address on the way to the broker. */
        private InetAddress imageHost() {
            if (options.bind != null) {
                return LocalRoutes.literal(options.bind).orElseThrow(() -> new IllegalArgumentException(
                        "--bind " + options.bind + ": not an IP address"));
            }
            String brokerHost = URI.create(options.broker).getHost();
            return LocalRoutes.toward(brokerHost == null ? List.of() : List.of(brokerHost),
                    InetAddress.getLoopbackAddress());
        }

        int run(PrintWriter out, PrintWriter err) {
            if (!connected(Duration.ofSeconds(10))) {
                ConnectionStatus status = subscriber.status();
                err.println("deploy: cannot reach the broker " + options.broker + ": " + status.detail());
                return CANNOT_RUN;
            }
            awaitDevices();
            Map<DeviceId, String> failed = new LinkedHashMap<>();
            List<DeviceId> remaining = new ArrayList<>(targets);
            if (options.adopt) {
                KeyInstaller installer = new KeyInstaller(commands, key.keyPair().getPublic());
                for (DeviceId device : targets) {
                    if (registry.device(device).filter(d -> d.presence() == PresenceState.ONLINE).isEmpty()) {
                        String reason = "not online on " + options.broker + ", so it cannot be given the key";
                        line(out, device, "NOT-ADOPTED", reason);
                        failed.put(device, reason);
                        remaining.remove(device);
                        continue;
                    }
                    try {
                        installer.install(device).get();
                        line(out, device, "TRUSTS-KEY", installer.fingerprint().value());
                    } catch (ExecutionException e) {
                        String reason = e.getCause().getMessage();
                        line(out, device, "NOT-ADOPTED", reason);
                        failed.put(device, reason);
                        remaining.remove(device);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return SOME_FAILED;
                    }
                }
            }
            if (remaining.isEmpty()) {
                return summary(out, failed);
            }
            RolloutPlan plan;
            try {
                plan = rollouts.plan(options.image, remaining, Optional.ofNullable(options.version))
                        .get(options.timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                err.println("deploy: " + (cause instanceof RolloutException ? cause.getMessage()
                        : cause.toString()));
                return CANNOT_RUN;
            } catch (TimeoutException e) {
                err.println("deploy: pre-flight took longer than " + options.timeout);
                return SOME_FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SOME_FAILED;
            }
            out.println("release " + plan.version() + " of " + plan.image().name() + ", signed by "
                    + plan.release().key());
            for (PreflightVerdict verdict : plan.verdicts()) {
                if (verdict.cleared()) {
                    line(out, verdict.device(), "PREFLIGHT-OK", verdict.message());
                } else {
                    String reason = verdict.failure().orElseThrow().describe(verdict.message());
                    line(out, verdict.device(), "REFUSED", reason);
                    failed.put(verdict.device(), reason);
                }
            }
            if (!plan.cleared().isEmpty()) {
                follow(out, plan, failed);
            }
            return summary(out, failed);
        }

        private void follow(PrintWriter out, RolloutPlan plan, Map<DeviceId, String> failed) {
            long deadline = System.nanoTime() + options.timeout.toNanos();
            List<RolloutJob> started;
            try {
                started = rollouts.start(plan).get(options.timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                for (PreflightVerdict verdict : plan.cleared()) {
                    failed.put(verdict.device(), "the install could not be started: " + e);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (PreflightVerdict verdict : plan.cleared()) {
                if (started.stream().noneMatch(job -> job.device().equals(verdict.device()))) {
                    failed.put(verdict.device(), "the install could not be started (see deploy.log)");
                }
            }
            Map<String, RolloutJob> shown = new LinkedHashMap<>();
            List<String> ids = started.stream().map(RolloutJob::id).toList();
            while (true) {
                RolloutJob change;
                try {
                    change = changes.poll(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (change != null && ids.contains(change.id())) {
                    RolloutJob before = shown.get(change.id());
                    if (worthALine(before, change)) {
                        shown.put(change.id(), change);
                        line(out, change.device(), change.state().name(), progress(change)
                                + (change.reason().isEmpty() ? "" : "  " + change.reason()));
                    }
                    continue;
                }
                boolean allFinal = ids.stream().map(this::current).allMatch(job -> job.state().isFinal());
                if (allFinal && changes.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    for (String id : ids) {
                        RolloutJob job = current(id);
                        if (!job.state().isFinal()) {
                            rollouts.cancel(id);
                            failed.put(job.device(), "timed out after " + format(options.timeout) + " while "
                                    + job.state());
                            line(out, job.device(), "TIMED-OUT", "still " + job.state() + " after "
                                    + format(options.timeout));
                        }
                    }
                    return;
                }
            }
            for (String id : ids) {
                RolloutJob job = current(id);
                if (job.state() != InstallState.COMMITTED) {
                    failed.put(job.device(), job.state() + (job.reason().isEmpty() ? "" : ": " + job.reason()));
                }
            }
        }

        /** A new state or reason always; bytes only every tenth of the file, so a download is a few lines. */
        private static boolean worthALine(RolloutJob before, RolloutJob now) {
            if (before == null || before.state() != now.state() || !before.reason().equals(now.reason())) {
                return true;
            }
            long step = Math.max(1, now.totalBytes() / 10);
            return now.bytes() / step != before.bytes() / step;
        }

        private RolloutJob current(String id) {
            return rollouts.jobs().stream().filter(job -> job.id().equals(id)).findFirst().orElseThrow();
        }

        private int summary(PrintWriter out, Map<DeviceId, String> failed) {
            for (DeviceId device : targets) {
                if (failed.containsKey(device)) {
                    out.println("FAILED     " + device + ": " + failed.get(device));
                } else {
                    out.println("COMMITTED  " + device);
                }
            }
            out.flush();
            return failed.isEmpty() ? ALL_COMMITTED : SOME_FAILED;
        }

        private boolean connected(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (subscriber.subscribed()) {
                    return true;
                }
                sleep(POLL_MS);
            }
            return false;
        }

        /** Retained info and status arrive right after the subscription; wait for them, not longer. */
        private void awaitDevices() {
            long deadline = System.nanoTime() + options.wait.toNanos();
            while (System.nanoTime() < deadline) {
                boolean all = targets.stream().map(registry::device).allMatch(snapshot -> snapshot
                        .filter(s -> s.info().isPresent() && s.presence() != PresenceState.UNKNOWN).isPresent());
                if (all) {
                    return;
                }
                sleep(POLL_MS);
            }
            for (DeviceId device : targets) {
                Optional<DeviceSnapshot> snapshot = registry.device(device);
                if (snapshot.flatMap(DeviceSnapshot::info).isEmpty()) {
                    log.warn("No retained info from {} on {} within {}", device, options.broker, options.wait);
                }
            }
        }

        private static void line(PrintWriter out, DeviceId device, String state, String detail) {
            out.printf(Locale.ROOT, "%-24s %-13s %s%n", device.value(), state, detail);
            out.flush();
        }

        private static String progress(RolloutJob job) {
            if (job.totalBytes() <= 0) {
                return mib(job.bytes());
            }
            return mib(job.bytes()) + " / " + mib(job.totalBytes());
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }

        private <T extends AutoCloseable> T keep(T resource) {
            opened.add(resource);
            return resource;
        }

        @Override
        public void close() {
            for (AutoCloseable resource : opened.reversed()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    private static String format(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code 90s}, {@code 20m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT20M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value
                        + "' (use e.g. 90s, 20m, 1h)");
            }
        }
    }

    /** The deploy command keeps no history: it follows info, status and install only. */
    private static final class NoHistory implements ReadingStore {
        @Override
        public void append(DeviceId device, List<Reading> readings) {
        }

        @Override
        public void recordDevice(DeviceId device, DeviceInfo info, long seenAtMs) {
        }

        @Override
        public List<Reading> history(DeviceId device, String sensor, long fromMs, long toMs, int maxPoints) {
            return List.of();
        }

        @Override
        public List<StoredDevice> devices() {
            return List.of();
        }

        @Override
        public void flush() {
        }

        @Override
        public long committedReadings() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
