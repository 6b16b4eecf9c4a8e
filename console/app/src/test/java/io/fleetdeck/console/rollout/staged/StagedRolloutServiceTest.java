package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.KeyFingerprint;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staged rollouts on real simulated devices (found over mDNS on loopback, adopted, real downloads into slot files,
 * real health checks) through the console's real runtime, embedded HiveMQ and SQLite: a failing canary pauses the
 * rollout with its reason and nothing else is installed; abort stops it; resume goes on to the next stage; the
 * concurrency limit holds; a device that joins the targets is taken into a later stage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagedRolloutServiceTest {
    private static final String PREFIX = "stg" + UUID.randomUUID().toString().substring(0, 5);
    private static final List<DeviceId> DEVICES = IntStream.rangeClosed(1, 4)
            .mapToObj(i -> DeviceId.of(PREFIX + "-000" + i)).toList();
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static ConsoleRuntime runtime;
    private static DiscoverableFleet fleet;

    @BeforeAll
    static void startConsoleAndDevices() throws Exception {
        String name = "console-staged" + UUID.randomUUID().toString().substring(0, 6);
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, dir.resolve("data"), 0,
                10, List.of("lo"), name), Clock.systemUTC());
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults().withStateRoot(dir.resolve("devices"))
                .withProvisionedKeys(runtime.provisionedKeys()).withSlotCapacity(64L << 20)
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(5)));
        fleet = DiscoverableFleet.start(url -> new FleetOptions(DEVICES.size(), 5, PREFIX, MqttSettings.defaults(url))
                        .withFirmware(firmware), DEVICES.size(), PREFIX, Optional.empty(), Optional.of(name),
                Optional.of(dir.resolve("devices")), List.of("lo"), HostNames.local());
        List<CompletableFuture<KeyFingerprint>> adoptions = new ArrayList<>();
        for (DeviceId device : DEVICES) {
            Poll.until(device + " is announced and online", LONG, () -> runtime.registry().device(device)
                    .map(d -> d.announcedKey().isPresent() && d.presence().name().equals("ONLINE")).orElse(false));
            // Their image carries this console's key: adopted without a pairing code. Side by side: each adoption
            // mostly waits for its device to reconnect with its new broker password.
            adoptions.add(runtime.trust().adopt(device, Optional.empty()));
        }
        CompletableFuture.allOf(adoptions.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /**
     * Each test starts on a fleet at rest: a device rolled back by the test before may still be rebooting, and an
     * install sent to it then goes unanswered until the console's command wait runs out and it tries again.
     */
    @BeforeEach
    void awaitDevicesBackOnTheirFirstFirmware() {
        for (DeviceId device : DEVICES) {
            Poll.until(device + " is online on sim-1.0.0", LONG, () -> runtime.registry().device(device)
                    .map(d -> d.presence().name().equals("ONLINE") && d.info()
                            .map(info -> info.firmwareVersion().equals("sim-1.0.0")).orElse(false)).orElse(false));
        }
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void aCanaryThatFailsItsHealthCheckPausesTheRolloutWithItsReasonAndAbortStopsIt() throws Exception {
        FirmwareImage broken = image("fleetdeck-sim-2.1.0-broken.img.gz", "2.1.0", false);

        StagedRollout started = staged().start(request(broken, RolloutTargets.of(DEVICES), "1,rest", 2,
                FailureThreshold.none())).get(30, TimeUnit.SECONDS);
        StagedRollout paused = awaitState(started.id(), StagedRolloutState.PAUSED);

        DeviceId canary = DEVICES.getFirst();
        assertThat(paused.stage()).isZero();
        assertThat(paused.pauseReason()).startsWith(canary.value() + ": ROLLED_BACK: HEALTH_CHECK_FAILED");
        assertThat(runtime.rollouts().latestJob(canary).orElseThrow().state()).isEqualTo(InstallState.ROLLED_BACK);
        for (DeviceId later : DEVICES.subList(1, DEVICES.size())) {
            assertThat(member(paused, later).state()).isEqualTo(MemberState.PENDING);
            assertThat(jobsOf(later, broken)).as("nothing installed on %s", later).isEmpty();
        }

        StagedRollout aborted = staged().abort(started.id()).get(30, TimeUnit.SECONDS);

        assertThat(aborted.state()).isEqualTo(StagedRolloutState.ABORTED);
        assertThat(aborted.members().subList(1, DEVICES.size())).allSatisfy(member -> {
            assertThat(member.state()).isEqualTo(MemberState.SKIPPED);
            assertThat(member.reason()).isEqualTo("rollout aborted");
        });
        assertThat(staged().resume(started.id())).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().withMessageContaining("not paused");
        for (DeviceId device : DEVICES) {
            assertThat(fleet.fleet().orElseThrow().firmwareVersion(device)).isEqualTo("sim-1.0.0");
        }
        assertThat(jobsOf(DEVICES.get(1), broken)).isEmpty();
        // The audit log holds each step, the pause with the device and its reason, under the operator's name.
        List<AuditEntry> audited = runtime.audit().entries(Optional.empty()).stream()
                .filter(entry -> entry.target().equals("staged rollout " + started.id())).toList();
        assertThat(audited).extracting(AuditEntry::action).contains(
                AuditAction.STAGED_START, AuditAction.STAGED_STAGE,
                AuditAction.STAGED_PAUSE, AuditAction.STAGED_ABORT);
        assertThat(audited).filteredOn(entry -> entry.action() == AuditAction.STAGED_PAUSE)
                .singleElement().satisfies(entry -> {
                    assertThat(entry.detail()).contains(canary.value() + ": ROLLED_BACK: HEALTH_CHECK_FAILED");
                    assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
                    assertThat(entry.user()).isEqualTo(System.getProperty("user.name"));
                });
    }

    @Test
    @Order(2)
    void resumingAPausedRolloutGoesOnToTheNextStage() throws Exception {
        FirmwareImage broken = image("fleetdeck-sim-2.1.0-broken.img.gz", "2.1.0", false);
        List<DeviceId> two = DEVICES.subList(0, 2);
        StagedRollout started = staged().start(request(broken, RolloutTargets.of(two), "1,rest", 1,
                FailureThreshold.none())).get(30, TimeUnit.SECONDS);
        awaitState(started.id(), StagedRolloutState.PAUSED);
        assertThat(jobsOf(two.get(1), broken)).isEmpty();

        StagedRollout resumed = staged().resume(started.id()).get(30, TimeUnit.SECONDS);
        assertThat(resumed.state()).isEqualTo(StagedRolloutState.RUNNING);
        assertThat(resumed.pauseReason()).isEmpty();

        // The second stage's device installs, fails the same way, and pauses the rollout again: the failure before
        // the resume is forgiven, the new one is not.
        StagedRollout again = awaitState(started.id(), StagedRolloutState.PAUSED);
        assertThat(again.stage()).isEqualTo(1);
        assertThat(again.pauseReason()).startsWith(two.get(1).value() + ": ROLLED_BACK: HEALTH_CHECK_FAILED");
        assertThat(jobsOf(two.get(1), broken)).singleElement().extracting(RolloutJob::state)
                .isEqualTo(InstallState.ROLLED_BACK);
        staged().abort(started.id()).get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(3)
    void runsNoMoreInstallsAtOnceThanAllowedAndTakesADeviceThatJoinedIntoALaterStage() throws Exception {
        FirmwareImage good = image("fleetdeck-sim-2.0.0.img.xz", "2.0.0", true);
        List<DeviceId> targets = new CopyOnWriteArrayList<>(DEVICES.subList(0, 3));
        StagedRollout started = staged().start(request(good, () -> List.copyOf(targets), "1,50%,rest", 2,
                FailureThreshold.none())).get(30, TimeUnit.SECONDS);
        DeviceId joiner = DEVICES.getLast();
        targets.add(joiner);

        StagedRollout done = awaitState(started.id(), StagedRolloutState.DONE);

        assertThat(done.members()).extracting(StagedMember::device).containsExactlyElementsOf(DEVICES);
        assertThat(done.members()).allSatisfy(m -> assertThat(m.state()).as(m.toString())
                .isEqualTo(MemberState.COMMITTED));
        assertThat(done.members().getFirst().stage()).isZero();
        assertThat(member(done, joiner).stage()).as("the joined device").isPositive();
        List<RolloutJob> jobs = new ArrayList<>();
        for (DeviceId device : DEVICES) {
            assertThat(fleet.fleet().orElseThrow().firmwareVersion(device)).isEqualTo("2.0.0");
            jobs.addAll(jobsOf(device, good));
        }
        assertThat(jobs).hasSize(DEVICES.size());
        assertThat(mostAtOnce(jobs)).isEqualTo(2);
    }

    /** The most jobs whose lives (start to final report) overlapped. */
    private static int mostAtOnce(List<RolloutJob> jobs) {
        int most = 0;
        for (RolloutJob job : jobs) {
            long at = job.createdMs();
            int running = (int) jobs.stream().filter(other -> other.createdMs() <= at && other.updatedMs() > at)
                    .count();
            most = Math.max(most, running);
        }
        return most;
    }

    private static StagedRolloutRequest request(FirmwareImage image, RolloutTargets targets, String stages,
                                                int maxParallel, FailureThreshold threshold) {
        return new StagedRolloutRequest(image.id(), ReleaseOptions.of(Optional.empty()), targets,
                StagePlan.parse(stages), maxParallel, threshold);
    }

    private static FirmwareImage image(String name, String version, boolean healthy) throws Exception {
        Path file = dir.resolve(name);
        if (!file.toFile().exists()) {
            SimImages.write(file, version, 1L << 20, healthy);
        }
        return runtime.rollouts().importImage(file).get(30, TimeUnit.SECONDS);
    }

    private static StagedRollouts staged() {
        return runtime.stagedRollouts();
    }

    private static StagedRollout awaitState(String id, StagedRolloutState state) {
        Poll.until(id + " is " + state, LONG, () -> current(id).state() == state);
        return current(id);
    }

    private static StagedRollout current(String id) {
        return staged().rollouts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static StagedMember member(StagedRollout rollout, DeviceId device) {
        return rollout.members().stream().filter(m -> m.device().equals(device)).findFirst().orElseThrow();
    }

    private static List<RolloutJob> jobsOf(DeviceId device, FirmwareImage image) {
        return runtime.rollouts().jobs().stream().filter(j -> j.device().equals(device) && j.imageId() == image.id())
                .toList();
    }
}
