package io.fleetdeck.console.rollout;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.broker.EmbeddedBrokerExtension;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.ScriptedDevice;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rollout service against a real HiveMQ, a real firmware.db, a real image server on loopback, and scripted devices
 * that answer and install as the protocol says.
 */
class RolloutServiceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PI4 = "Raspberry Pi 4 Model B Rev 1.4";
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();

    @TempDir
    Path dir;

    private ConsoleSide console;
    private Path image;
    private final List<ScriptedDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleSide(broker.url(), dir, Duration.ofMillis(1_500),
                RolloutSettings.defaults());
        byte[] raw = new byte[300_000];
        new Random(4).nextBytes(raw);
        image = Files.write(dir.resolve("fleetdeck-2.0.0.img"), raw);
    }

    @AfterEach
    void stop() throws Exception {
        for (ScriptedDevice device : devices) {
            device.forget();
            device.close();
        }
        console.close();
    }

    @Test
    void planRefusesEachConsoleSideReasonBeforeAskingTheDevice() throws Exception {
        DeviceId unknown = DeviceId.of("pi-never-seen");
        ScriptedDevice offline = adoptedDevice(PI4, "1.0.0");
        offline.goOffline();
        ScriptedDevice notAdopted = device(PI4, "1.0.0");
        ScriptedDevice pi3 = adoptedDevice("Raspberry Pi 3 Model B Rev 1.2", "1.0.0");
        ScriptedDevice current = adoptedDevice(PI4, "2.0.0");
        ScriptedDevice ready = adoptedDevice(PI4, "1.0.0");
        Poll.until("offline", PATIENCE, () -> console.registry.device(offline.id()).orElseThrow().presence()
                != io.fleetdeck.console.fleet.PresenceState.ONLINE);
        FirmwareImage imported = console.service.importImage(image).get(30, TimeUnit.SECONDS);
        console.library.setModels(imported.id(), List.of("Raspberry Pi 4"));

        RolloutPlan plan = console.service.plan(imported.id(), List.of(unknown, offline.id(), notAdopted.id(),
                pi3.id(), current.id(), ready.id()), Optional.empty()).get(30, TimeUnit.SECONDS);

        Map<DeviceId, PreflightVerdict> verdicts = byDevice(plan);
        assertThat(verdicts.get(unknown).failure()).contains(InstallFailure.NO_ANSWER);
        assertThat(verdicts.get(unknown).message()).contains("unknown device");
        assertThat(verdicts.get(offline.id()).failure()).contains(InstallFailure.NO_ANSWER);
        assertThat(verdicts.get(offline.id()).message()).startsWith("offline");
        assertThat(verdicts.get(notAdopted.id()).failure()).contains(InstallFailure.UNKNOWN_KEY);
        assertThat(verdicts.get(notAdopted.id()).message())
                .isEqualTo("not adopted: press Adopt so it trusts this console's key");
        assertThat(verdicts.get(pi3.id()).failure()).contains(InstallFailure.WRONG_MODEL);
        assertThat(verdicts.get(pi3.id()).message()).contains("Raspberry Pi 3");
        assertThat(verdicts.get(current.id()).failure()).contains(InstallFailure.SAME_VERSION);
        assertThat(verdicts.get(ready.id()).cleared()).isTrue();
        assertThat(plan.cleared()).extracting(PreflightVerdict::device).containsExactly(ready.id());
        // Only the device the console cleared was asked.
        for (ScriptedDevice asked : List.of(offline, notAdopted, pi3, current)) {
            assertThat(asked.received()).doesNotContain(Commands.PREFLIGHT);
        }
        assertThat(ready.received()).containsExactly(Commands.PREFLIGHT);
        assertThat(plan.version()).isEqualTo("2.0.0");
        assertThat(plan.release().manifest().models()).containsExactly("Raspberry Pi 4");
    }

    @Test
    void planTakesTheDevicesRefusalsAndSilenceFromTheirPreflight() throws Exception {
        ScriptedDevice full = adoptedDevice(PI4, "1.0.0");
        full.refuse(Commands.PREFLIGHT, InstallFailure.NO_SPACE, "needs 300000 bytes, 1000 free");
        ScriptedDevice stranger = device(PI4, "1.0.0");
        // Pinned on the console, but the device was never given the console's key.
        console.pin(stranger.id(), stranger.publicKey());
        ScriptedDevice mute = adoptedDevice(PI4, "1.0.0");
        mute.ignore(Commands.PREFLIGHT);

        RolloutPlan plan = console.service.plan(image, List.of(full.id(), stranger.id(), mute.id()),
                Optional.of("2.0.1")).get(30, TimeUnit.SECONDS);

        Map<DeviceId, PreflightVerdict> verdicts = byDevice(plan);
        assertThat(verdicts.get(full.id()).failure()).contains(InstallFailure.NO_SPACE);
        assertThat(verdicts.get(full.id()).message()).isEqualTo("needs 300000 bytes, 1000 free");
        assertThat(verdicts.get(stranger.id()).failure()).contains(InstallFailure.UNKNOWN_KEY);
        assertThat(verdicts.get(mute.id()).failure()).contains(InstallFailure.NO_ANSWER);
        assertThat(verdicts.get(mute.id()).message()).contains("did not answer cmd/preflight");
        assertThat(plan.version()).isEqualTo("2.0.1");
        // Models came from the devices, and were saved on the image.
        assertThat(plan.release().manifest().models()).containsExactly(PI4);
        assertThat(console.library.image(plan.image().id()).orElseThrow().models()).containsExactly(PI4);
    }

    @Test
    void aRefusedImportFailsThePlanWithTheCause() throws Exception {
        Path notAnImage = Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThatThrownBy(() -> console.service.plan(notAnImage, List.of(DeviceId.of("pi-x")), Optional.empty())
                .get(30, TimeUnit.SECONDS)).cause().isInstanceOf(RolloutException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("UNSUPPORTED_FORMAT");
    }

    @Test
    void startInstallsOnClearedDevicesAndFollowsThemToCommitted() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        RolloutPlan plan = console.service.plan(image, List.of(device.id()), Optional.empty())
                .get(30, TimeUnit.SECONDS);

        List<RolloutJob> started = console.service.start(plan).get(30, TimeUnit.SECONDS);

        assertThat(started).hasSize(1);
        String job = started.getFirst().id();
        RolloutJob done = awaitJob(job, j -> j.state().isFinal());
        assertThat(done.state()).isEqualTo(InstallState.COMMITTED);
        assertThat(done.bytes()).isEqualTo(Files.size(image));
        assertThat(done.fraction()).isEqualTo(1.0);
        assertThat(done.reason()).isEmpty();
        assertThat(console.service.latestJob(device.id())).map(RolloutJob::id).contains(job);
        assertThat(device.firmware()).isEqualTo("2.0.0");
        // The URL sent names the job and file; the secret went separately and is no longer honoured.
        var install = device.installs().getFirst();
        assertThat(install.image().getPath()).isEqualTo("/images/" + job + "/fleetdeck-2.0.0.img");
        assertThat(install.image().toString()).doesNotContain(install.token());
        assertThat(console.images.granted(job)).isFalse();
        assertThat(fetch(install.image(), install.token())).isEqualTo(404);
        StoredJob row = console.jobs.recent(10).getFirst();
        assertThat(row.job().state()).isEqualTo(InstallState.COMMITTED);
        assertThat(row.token()).isEmpty();
    }

    @Test
    void reportsMoveAJobOnlyAlongAllowedTransitions() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();
        ScriptedDevice other = adoptedDevice(PI4, "1.0.0");
        String job = startOn(device);
        long total = Files.size(image);

        device.report(progress(job, InstallState.DOWNLOADING, 1_000, total, ""));
        awaitJob(job, j -> j.bytes() == 1_000);
        device.report(progress(job, InstallState.QUEUED, 2_000, total, ""));          // backwards
        device.report(progress(job, InstallState.COMMITTED, total, total, ""));       // skips the health check
        device.report(progress("job-not-ours", InstallState.FAILED, 0, total, "NO_SPACE: x"));
        other.report(progress(job, InstallState.FAILED, 0, total, "NO_SPACE: not its job"));
        Poll.until("the other device's report", PATIENCE, () -> console.registry.device(other.id())
                .flatMap(d -> d.install()).filter(p -> p.job().equals(job)).isPresent());
        device.report(progress(job, InstallState.DOWNLOADING, 3_000, total, ""));

        RolloutJob moved = awaitJob(job, j -> j.bytes() == 3_000);
        assertThat(moved.state()).isEqualTo(InstallState.DOWNLOADING);
        assertThat(console.images.granted(job)).isTrue();

        device.report(progress(job, InstallState.VERIFYING, total, total, ""));
        device.report(progress(job, InstallState.FAILED, total, total, "HASH_MISMATCH: expected aa got bb"));

        RolloutJob failed = awaitJob(job, j -> j.state().isFinal());
        assertThat(failed.state()).isEqualTo(InstallState.FAILED);
        assertThat(failed.reason()).isEqualTo("HASH_MISMATCH: expected aa got bb");
        assertThat(console.images.granted(job)).isFalse();
        assertThat(console.jobs.recent(10).getFirst().job().state()).isEqualTo(InstallState.FAILED);
    }

    @Test
    void aRefusedInstallFailsTheJobWithTheDevicesReason() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.refuse(Commands.INSTALL, InstallFailure.BUSY, "installing job job-elsewhere");
        RolloutPlan plan = console.service.plan(image, List.of(device.id()), Optional.empty())
                .get(30, TimeUnit.SECONDS);

        RolloutJob job = console.service.start(plan).get(30, TimeUnit.SECONDS).getFirst();

        assertThat(job.state()).isEqualTo(InstallState.FAILED);
        assertThat(job.reason()).isEqualTo("BUSY: installing job job-elsewhere");
        assertThat(console.images.granted(job.id())).isFalse();
    }

    @Test
    void aDeviceWithAnUnfinishedJobIsBusy() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();
        String job = startOn(device);

        RolloutPlan again = console.service.plan(image, List.of(device.id()), Optional.empty())
                .get(30, TimeUnit.SECONDS);

        assertThat(again.verdicts().getFirst().failure()).contains(InstallFailure.BUSY);
        assertThat(again.verdicts().getFirst().message()).contains(job);
    }

    @Test
    void aJobThatHearsNothingFailsWithNoAnswer() throws Exception {
        console.close();
        console = new ConsoleSide(broker.url(), dir, Duration.ofMillis(1_500), RolloutSettings.defaults()
                .withSilence(Duration.ofMillis(600)).withWatchdogPeriod(Duration.ofMillis(100)));
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();

        // Not startOn: on a busy machine the 600 ms of silence can run out before start() hands the job back.
        RolloutPlan plan = console.service.plan(image, List.of(device.id()), Optional.empty())
                .get(30, TimeUnit.SECONDS);
        String job = console.service.start(plan).get(30, TimeUnit.SECONDS).getFirst().id();

        RolloutJob failed = awaitJob(job, j -> j.state().isFinal());
        assertThat(failed.state()).isEqualTo(InstallState.FAILED);
        assertThat(failed.reason()).startsWith("NO_ANSWER: online but sent no install report");
        assertThat(console.images.granted(job)).isFalse();
    }

    @Test
    void anInstallAnsweredTooLateKeepsItsDownloadOpenAndFollowsTheDevicesReports() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.ignore(Commands.INSTALL);

        String job = startOn(device);

        // The answer timed out (1.5 s); a busy device may still have taken the job, so nothing is revoked yet.
        Thread.sleep(500);
        RolloutJob waiting = awaitJob(job, j -> true);
        assertThat(waiting.state()).isEqualTo(InstallState.QUEUED);
        assertThat(console.images.granted(job)).isTrue();
        device.report(progress(job, InstallState.DOWNLOADING, 1000, 300_000, ""));
        assertThat(awaitJob(job, j -> j.state() == InstallState.DOWNLOADING).bytes()).isEqualTo(1000);
        assertThat(console.images.granted(job)).isTrue();
    }

    @Test
    void cancelWithdrawsTheDownloadButTheDevicesLaterProgressIsBelieved() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();
        String job = startOn(device);
        long total = Files.size(image);
        device.report(progress(job, InstallState.DOWNLOADING, 1_000, total, ""));
        awaitJob(job, j -> j.state() == InstallState.DOWNLOADING);

        console.service.cancel(job);

        RolloutJob cancelled = awaitJob(job, j -> j.state().isFinal());
        assertThat(cancelled.reason()).startsWith("CANCELLED: cancelled by the operator while DOWNLOADING");
        assertThat(console.images.granted(job)).isFalse();
        // Recorded on the job thread once the cancel took, just after the job table shows it.
        Poll.until("the cancel audited", PATIENCE, () -> console.audit.entries(Optional.empty())
                .stream().anyMatch(entry -> entry.action() == AuditAction.CANCEL));
        assertThat(console.audit.entries(Optional.empty())).extracting(AuditEntry::action)
                .containsSubsequence(AuditAction.IMPORT, AuditAction.RELEASE, AuditAction.ROLLOUT_START,
                        AuditAction.CANCEL);
        assertThat(console.audit.entries(Optional.empty())).extracting(AuditEntry::user)
                .containsOnly(System.getProperty("user.name"));
        assertThat(console.audit.entries(Optional.empty())).filteredOn(e -> e.action() == AuditAction.ROLLOUT_START)
                .singleElement().satisfies(entry -> {
                    assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
                    assertThat(entry.detail()).contains("jobs " + job);
                });
        assertThat(console.audit.entries(Optional.empty()).getLast()).satisfies(entry -> {
            assertThat(entry.target()).isEqualTo(job);
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
            assertThat(entry.detail()).contains("cancelled while DOWNLOADING");
        });

        // The whole image had already arrived: the device reboots into it anyway, and the console follows.
        device.report(progress(job, InstallState.REBOOTING, total, total, ""));
        assertThat(awaitJob(job, j -> j.state() == InstallState.REBOOTING).reason()).isEmpty();
    }

    @Test
    void aRestartedConsoleRestoresItsJobsAndRetainedReportsBringThemUpToDate() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();
        String job = startOn(device);
        String token = device.installs().getFirst().token();
        long total = Files.size(image);
        device.report(progress(job, InstallState.DOWNLOADING, 1_000, total, ""));
        awaitJob(job, j -> j.state() == InstallState.DOWNLOADING);
        console.service.close();
        console.images.revoke(job); // as if the image server had restarted with the console
        // While the console is down the device moves on; the broker keeps its report.
        device.report(progress(job, InstallState.WRITING, total, total, ""));
        Poll.until("retained WRITING", PATIENCE, () -> console.registry.device(device.id())
                .flatMap(d -> d.install()).filter(p -> p.state() == InstallState.WRITING).isPresent());

        console.restartService();

        RolloutJob restored = awaitJob(job, j -> j.state() == InstallState.WRITING);
        assertThat(restored.bytes()).isEqualTo(total);
        assertThat(console.images.granted(job)).isTrue();
        assertThat(fetch(device.installs().getFirst().image(), token)).isEqualTo(200);

        device.report(progress(job, InstallState.HEALTH_CHECK, total, total, ""));
        device.report(progress(job, InstallState.COMMITTED, total, total, ""));
        assertThat(awaitJob(job, j -> j.state().isFinal()).state()).isEqualTo(InstallState.COMMITTED);
        assertThat(console.images.granted(job)).isFalse();
    }

    @Test
    void aForgedCommittedReportIsCountedAndNeverMovesTheJob() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.manualInstall();
        String job = startOn(device);
        long total = 300_000;
        device.report(progress(job, InstallState.DOWNLOADING, 1_000, total, ""));
        device.report(progress(job, InstallState.HEALTH_CHECK, total, total, ""));
        awaitJob(job, j -> j.state() == InstallState.HEALTH_CHECK);

        // Anyone on the broker: the retained COMMITTED a device would send, without its signature or with another.
        try (TestSubscriber stranger = new TestSubscriber(broker.url(), "stranger-" + IDS.incrementAndGet())) {
            InstallProgress committed = progress(job, InstallState.COMMITTED, total, total, "");
            byte[] payload = console.codec.encode(committed);
            String topic = Topics.install(device.id());
            stranger.publish(topic, new MqttMessage(payload, 1, true, new MqttProperties()));
            stranger.publish(topic, new MqttMessage(payload, 1, true, SignedMessages.with(new MqttProperties(),
                    SignedMessages.report(OtaFixtures.newKey(), topic, payload, null))));
        }
        Poll.until("both forgeries refused", PATIENCE, () -> console.reportCheck.refused() >= 2);

        assertThat(console.service.jobs().stream().filter(j -> j.id().equals(job)).findFirst().orElseThrow()
                .state()).isEqualTo(InstallState.HEALTH_CHECK);
        assertThat(console.registry.device(device.id()).orElseThrow().rejected()).isGreaterThanOrEqualTo(2);
        assertThat(console.registry.device(device.id()).orElseThrow().lastRejection().orElseThrow())
                .startsWith("install report refused: UNKNOWN_KEY");
        device.report(progress(job, InstallState.COMMITTED, total, total, ""));
        awaitJob(job, j -> j.state() == InstallState.COMMITTED);
    }

    @Test
    void aDowngradeGoesOutOnlyWhenAllowedAndIsWrittenToTheJobsAudit() throws Exception {
        ScriptedDevice device = adoptedDevice(PI4, "1.0.0");
        device.committedSecurityVersion(3);
        device.manualInstall();
        FirmwareImage imported = console.service.importImage(image).get(30, TimeUnit.SECONDS);

        RolloutPlan refused = console.service.plan(imported.id(), List.of(device.id()),
                new ReleaseOptions(Optional.empty(), 1, false)).get(30, TimeUnit.SECONDS);
        RolloutPlan allowed = console.service.plan(imported.id(), List.of(device.id()),
                new ReleaseOptions(Optional.empty(), 1, true)).get(30, TimeUnit.SECONDS);

        assertThat(refused.verdicts().getFirst().failure()).contains(InstallFailure.ROLLBACK);
        assertThat(allowed.release().manifest().securityVersion()).isEqualTo(1);
        assertThat(allowed.cleared()).hasSize(1);
        RolloutJob job = console.service.start(allowed).get(30, TimeUnit.SECONDS).getFirst();
        assertThat(device.installs().getFirst().allowDowngrade()).isTrue();
        Poll.until("the downgrade audited", PATIENCE, () -> !console.jobs.auditOf(job.id()).isEmpty());
        assertThat(console.jobs.auditOf(job.id())).containsExactly("operator allowed downgrade of " + device.id()
                + " from sv 3 to 1, job " + job.id());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String startOn(ScriptedDevice device) throws Exception {
        RolloutPlan plan = console.service.plan(image, List.of(device.id()), Optional.empty())
                .get(30, TimeUnit.SECONDS);
        assertThat(plan.cleared()).hasSize(1);
        RolloutJob job = console.service.start(plan).get(30, TimeUnit.SECONDS).getFirst();
        assertThat(job.state()).isEqualTo(InstallState.QUEUED);
        return job.id();
    }

    private ScriptedDevice device(String model, String firmware) throws Exception {
        ScriptedDevice device = ScriptedDevice.connect(broker.url(),
                DeviceId.of("pi-rollout-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime())),
                model, firmware);
        devices.add(device);
        console.awaitOnline(device.id());
        return device;
    }

    /** Adopted both ways: the console pinned its key, and it trusts the console's. */
    private ScriptedDevice adoptedDevice(String model, String firmware) throws Exception {
        ScriptedDevice device = device(model, firmware);
        console.pin(device.id(), device.publicKey());
        device.trust(console.key.keyPair().getPublic());
        return device;
    }

    private RolloutJob awaitJob(String id, java.util.function.Predicate<RolloutJob> condition) {
        String what = "job " + id + " to reach the expected state, now " + console.service.jobs().stream()
                .filter(j -> j.id().equals(id)).findFirst();
        Poll.until(what, PATIENCE, () -> console.service.jobs().stream()
                .anyMatch(j -> j.id().equals(id) && condition.test(j)));
        return console.service.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
    }

    private static InstallProgress progress(String job, InstallState state, long bytes, long total, String reason) {
        return new InstallProgress(job, "2.0.0", state, bytes, total, reason, System.currentTimeMillis());
    }

    private static Map<DeviceId, PreflightVerdict> byDevice(RolloutPlan plan) {
        return plan.verdicts().stream().collect(Collectors.toMap(PreflightVerdict::device, Function.identity()));
    }

    private static int fetch(java.net.URI uri, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
