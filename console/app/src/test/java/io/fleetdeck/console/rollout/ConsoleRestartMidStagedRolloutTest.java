package io.fleetdeck.console.rollout;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.staged.FailureThreshold;
import io.fleetdeck.console.rollout.staged.MemberState;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.rollout.staged.StagePlan;
import io.fleetdeck.console.rollout.staged.StagedMember;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutRequest;
import io.fleetdeck.console.rollout.staged.StagedRolloutState;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console that restarts mid staged rollout goes on where it stood: the rollout comes back from SQLite at its stage,
 * installs already running are followed (recovered as jobs, not started again), and the later ones start; a paused
 * rollout comes back paused with its reason. Real console runtime on fixed loopback ports, simulated devices.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleRestartMidStagedRolloutTest {
    private static final String PREFIX = "rss" + UUID.randomUUID().toString().substring(0, 5);
    private static final List<DeviceId> DEVICES = IntStream.rangeClosed(1, 3)
            .mapToObj(i -> DeviceId.of(PREFIX + "-000" + i)).toList();
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static ConsoleSettings settings;
    private static ConsoleRuntime console;
    private static DiscoverableFleet fleet;
    /** The first test's 64 MiB image: xz takes longer to compress it than the console and devices take to start. */
    private static CompletableFuture<Path> largeImage;

    @BeforeAll
    static void startConsoleAndDevices() throws Exception {
        largeImage = CompletableFuture.supplyAsync(() -> write("fleetdeck-sim-2.0.0.img.xz", "2.0.0", 64L << 20, true),
                task -> Thread.ofPlatform().name("write-large-image").start(task));
        settings = new ConsoleSettings(Optional.empty(), "127.0.0.1", freePort(), dir.resolve("data"), 0, 5,
                List.of("lo"), "console-rss" + UUID.randomUUID().toString().substring(0, 6), freePort());
        console = ConsoleRuntime.start(settings, Clock.systemUTC());
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("devices"))
                .withProvisionedKeys(console.provisionedKeys()).withSlotCapacity(64L << 20)
                // Longer than a console restart: a device in its trial boot while the broker is away must not
                // roll back for that alone.
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(25)));
        // The devices try the broker again at least every 2 s while the console restarts, rather than backing off
        // toward 30 s: the test waits for them to be back after each restart.
        fleet = DiscoverableFleet.start(url -> new FleetOptions(DEVICES.size(), 5, PREFIX, MqttSettings.defaults(url)
                        .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(2)))
                        .withFirmware(firmware), DEVICES.size(), PREFIX, Optional.of(console.brokerUrl()),
                Optional.empty(), Optional.of(dir.resolve("devices")), List.of("lo"), "fd-" + PREFIX);
        List<CompletableFuture<KeyFingerprint>> adoptions = new ArrayList<>();
        for (DeviceId device : DEVICES) {
            ConsoleRuntime first = console;
            Poll.until(device + " is announced and online", LONG, () -> first.registry().device(device)
                    .map(d -> d.announcedKey().isPresent() && d.presence().name().equals("ONLINE")).orElse(false));
            // Side by side: each adoption mostly waits for its device to reconnect with its new broker password.
            adoptions.add(console.trust().adopt(device, Optional.empty()));
        }
        CompletableFuture.allOf(adoptions.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    @Order(1)
    void aRunningRolloutResumesAtItsStageAndFollowsTheInstallsAlreadyRunning() throws Exception {
        FirmwareImage image = importImage(largeImage.get(120, TimeUnit.SECONDS));
        StagedRollout started = console.stagedRollouts().start(request(image, "1,1,rest", 1))
                .get(30, TimeUnit.SECONDS);
        Poll.until("the second stage runs an install", LONG, () -> current(started.id()).stage() == 1
                && current(started.id()).members().stream().anyMatch(m -> m.stage() == 1
                && m.state() == MemberState.INSTALLING));

        ConsoleRuntime first = console;
        restart();
        // What the first console last recorded, read after it stopped: the restart must go on from exactly there.
        StagedRollout atClose = first.stagedRollouts().rollouts().getFirst();

        assertThat(atClose.state()).as("still running when the console stopped").isEqualTo(StagedRolloutState.RUNNING);
        StagedRollout restored = current(started.id());
        assertThat(restored.state()).isEqualTo(StagedRolloutState.RUNNING);
        assertThat(restored.stage()).isEqualTo(atClose.stage()).isPositive();
        assertThat(restored.members().getFirst()).isEqualTo(atClose.members().getFirst());
        assertThat(restored.members().getFirst().state()).isEqualTo(MemberState.COMMITTED);
        StagedRollout done = awaitState(started.id(), StagedRolloutState.DONE);
        assertThat(done.members()).allSatisfy(m -> assertThat(m.state()).as(m.toString())
                .isEqualTo(MemberState.COMMITTED));
        for (StagedMember member : atClose.members()) {
            if (member.state() == MemberState.INSTALLING) {
                assertThat(memberOf(done, member.device()).jobId()).as("followed, not started again")
                        .isEqualTo(member.jobId());
            }
        }
        for (DeviceId device : DEVICES) {
            assertThat(console.rollouts().jobs().stream().filter(j -> j.device().equals(device)
                    && j.imageId() == image.id())).as("one install of %s", device).hasSize(1);
            assertThat(fleet.fleet().orElseThrow().firmwareVersion(device)).isEqualTo("2.0.0");
        }
    }

    @Test
    @Order(2)
    void aPausedRolloutStaysPausedWithItsReasonAcrossARestart() throws Exception {
        awaitOnline();
        FirmwareImage broken = importImage(write("fleetdeck-sim-2.1.0-broken.img.gz", "2.1.0", 1L << 20, false));
        StagedRollout started = console.stagedRollouts().start(request(broken, "1,rest", 2))
                .get(30, TimeUnit.SECONDS);
        StagedRollout paused = awaitState(started.id(), StagedRolloutState.PAUSED);
        assertThat(paused.pauseReason()).startsWith(DEVICES.getFirst().value() + ": ROLLED_BACK");

        restart();

        StagedRollout restored = current(started.id());
        assertThat(restored.state()).isEqualTo(StagedRolloutState.PAUSED);
        awaitOnline();
        assertThat(restored.pauseReason()).isEqualTo(paused.pauseReason());
        assertThat(restored.members()).isEqualTo(paused.members());
        assertThat(console.stagedRollouts().abort(started.id()).get(30, TimeUnit.SECONDS).state())
                .isEqualTo(StagedRolloutState.ABORTED);
        for (DeviceId later : DEVICES.subList(1, DEVICES.size())) {
            assertThat(console.rollouts().jobs().stream().filter(j -> j.device().equals(later)
                    && j.imageId() == broken.id())).isEmpty();
        }
    }

    private static void restart() {
        console.close();
        ConsoleRuntime second = ConsoleRuntime.start(settings, Clock.systemUTC());
        console = second;
    }

    private static void awaitOnline() {
        for (DeviceId device : DEVICES) {
            ConsoleRuntime now = console;
            Poll.until(device + " is back online", LONG, () -> now.registry().device(device)
                    .map(d -> d.presence().name().equals("ONLINE")).orElse(false));
        }
    }

    private static StagedRolloutRequest request(FirmwareImage image, String stages, int maxParallel) {
        return new StagedRolloutRequest(image.id(), ReleaseOptions.of(Optional.empty()), RolloutTargets.of(DEVICES),
                StagePlan.parse(stages), maxParallel, FailureThreshold.none());
    }

    private static Path write(String name, String version, long size, boolean healthy) {
        try {
            return SimImages.write(dir.resolve(name), version, size, healthy).file();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FirmwareImage importImage(Path file) throws Exception {
        return console.rollouts().importImage(file).get(30, TimeUnit.SECONDS);
    }

    private static StagedRollout awaitState(String id, StagedRolloutState state) {
        Poll.until(id + " is " + state, LONG, () -> current(id).state() == state);
        return current(id);
    }

    private static StagedRollout current(String id) {
        return console.stagedRollouts().rollouts().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow();
    }

    private static StagedMember memberOf(StagedRollout rollout, DeviceId device) {
        return rollout.members().stream().filter(m -> m.device().equals(device)).findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
