package io.fleetdeck.bench;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.simulator.SimulatedFleet;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The console JVM of the OTA benchmark: the real {@link ConsoleRuntime} with its embedded HiveMQ, mDNS on
 * {@code lo} and its image server on 127.0.0.1. The runner drives it over stdin, one command a line:
 * <ul>
 *   <li>{@code prepare}: waits for the simulated devices (online on MQTT and announced over mDNS), adopts each
 *       (cmd/trust-key), imports the image and pre-flights it through {@code Rollouts.plan}; prints the stored
 *       image's path;</li>
 *   <li>{@code grant N}: grants N extra download jobs of the same stored file on the same image server, for the
 *       curl baseline, and prints each URL and token;</li>
 *   <li>{@code start}: {@code Rollouts.start} on the plan, then follows every device's install reports; prints when
 *       all devices were past VERIFYING and when all had COMMITTED, in ms after the call, and writes each device's
 *       phase times to {@code phases.csv};</li>
 *   <li>{@code quit}.</li>
 * </ul>
 */
public final class OtaConsoleProbe {
    /** States after VERIFYING: the image was downloaded, written, fsynced and read back. */
    private static final InstallState PAST_VERIFYING = InstallState.WRITING;

    private final ConsoleRuntime runtime;
    private final List<DeviceId> devices;
    private final Path image;
    private final String version;
    private final Path runDir;
    private final InstallTimeline timeline;
    private RolloutPlan plan;

    private OtaConsoleProbe(Args args) {
        runDir = Path.of(args.text("out"));
        devices = SimulatedFleet.idsFor(args.text("prefix"), args.integer("devices"));
        image = Path.of(args.text("image"));
        version = args.text("version");
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0,
                Path.of(args.text("data")), 0, 1, List.of("lo"), "ota-bench"), Clock.systemUTC());
        timeline = new InstallTimeline(devices);
        runtime.registry().addInstallListener(timeline::reported);
    }

    public static void main(String[] argv) throws Exception {
        OtaConsoleProbe probe = new OtaConsoleProbe(new Args(argv));
        try {
            ResultLines.put("broker", probe.runtime.brokerUrl());
            ResultLines.put("images", probe.runtime.imageServer().address().toString());
            ResultLines.put("ready", "1");
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] command = line.strip().split(" ");
                try {
                    switch (command[0]) {
                        case "prepare" -> probe.prepare();
                        case "grant" -> probe.grant(Integer.parseInt(command[1]));
                        case "start" -> probe.start();
                        case "quit" -> {
                            return;
                        }
                        default -> ResultLines.put("error", "unknown command " + line);
                    }
                } catch (Exception e) {
                    System.err.println("command " + line + " failed:");
                    e.printStackTrace();
                    ResultLines.put("error", command[0] + ": " + e);
                }
            }
        } finally {
            probe.runtime.close();
        }
    }

    private void prepare() throws Exception {
        long t0 = System.nanoTime();
        await("all devices online and announced over mDNS", Duration.ofSeconds(90), () -> devices.stream()
                .allMatch(id -> runtime.registry().device(id).filter(d -> d.presence() == PresenceState.ONLINE)
                        .filter(d -> d.info().isPresent()).flatMap(DeviceSnapshot::discovery).isPresent()));
        ResultLines.put("online-ms", (System.nanoTime() - t0) / 1_000_000);
        List<CompletableFuture<?>> adoptions = new ArrayList<>();
        for (DeviceId id : devices) {
            adoptions.add(runtime.trust().adopt(id));
        }
        CompletableFuture.allOf(adoptions.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        plan = runtime.rollouts().plan(image, devices, Optional.of(version)).get(10, TimeUnit.MINUTES);
        ResultLines.put("import-and-plan-ms", (System.nanoTime() - t1) / 1_000_000);
        for (PreflightVerdict refused : plan.refused()) {
            System.err.println("pre-flight refused " + refused.device() + ": " + refused.message());
        }
        if (plan.cleared().size() != devices.size()) {
            throw new IllegalStateException("pre-flight cleared " + plan.cleared().size() + " of " + devices.size()
                    + " devices: " + plan.refused());
        }
        ResultLines.put("image-file", plan.image().file());
        ResultLines.put("image-bytes", plan.image().compressedSize());
        ResultLines.put("prepared", "1");
    }

    /** Jobs that only the curl baseline uses: the same file, server and kind of grant as a device's job. */
    private void grant(int count) {
        FirmwareImage stored = plan.image();
        ImageServer server = runtime.imageServer();
        for (int i = 1; i <= count; i++) {
            String job = "curl-" + i + "-" + System.nanoTime();
            String token = ImageServer.newToken();
            server.grant(job, token, stored);
            ResultLines.put("grant-" + i, server.uri(job, ImageServer.servedName(stored)) + " " + token);
        }
        ResultLines.put("granted", count);
    }

    private void start() throws Exception {
        timeline.begin(System.currentTimeMillis());
        List<RolloutJob> started = runtime.rollouts().start(plan).get(2, TimeUnit.MINUTES);
        ResultLines.put("accepted-ms", System.currentTimeMillis() - timeline.startMs());
        if (started.size() != devices.size()) {
            throw new IllegalStateException("started " + started.size() + " of " + devices.size() + " jobs");
        }
        await("every device past VERIFYING", Duration.ofMinutes(30), () -> timeline.allReached(PAST_VERIFYING));
        ResultLines.put("past-verifying-ms", timeline.allReachedMs(PAST_VERIFYING));
        await("every device COMMITTED", Duration.ofMinutes(10), () -> timeline.allReached(InstallState.COMMITTED));
        ResultLines.put("committed-ms", timeline.allReachedMs(InstallState.COMMITTED));
        for (InstallState state : List.of(InstallState.DOWNLOADING, InstallState.VERIFYING, InstallState.WRITING,
                InstallState.REBOOTING, InstallState.HEALTH_CHECK)) {
            ResultLines.put("all-" + state.name().toLowerCase() + "-ms", timeline.allReachedMs(state));
        }
        ResultLines.put("median-download-write-ms", timeline.medianBetween(InstallState.DOWNLOADING,
                InstallState.VERIFYING));
        ResultLines.put("median-read-back-ms", timeline.medianBetween(InstallState.VERIFYING, InstallState.WRITING));
        ResultLines.put("median-restart-health-ms", timeline.medianBetween(InstallState.WRITING,
                InstallState.COMMITTED));
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(runDir.resolve("phases.csv")))) {
            timeline.writeCsv(csv);
        }
        ResultLines.put("started", "1");
    }

    private void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            Optional<String> failed = timeline.failure();
            if (failed.isPresent()) {
                throw new IllegalStateException("an install failed: " + failed.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
