package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.daemon.agent.DeviceProfile;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PairingCode;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;
import io.fleetdeck.model.Slot;
import io.fleetdeck.simulator.SimulatedSensors;
import io.fleetdeck.testkit.Poll;
import io.fleetdeck.testkit.mqtt.MosquittoExtension;
import io.fleetdeck.testkit.mqtt.TestSubscriber;
import io.fleetdeck.testkit.ota.ImageServer;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firmware commands over a real broker, against an agent and an updater on real slot files, with images from a
 * real HTTP server: trust on first adoption, every refusal with its code, and how a failed install is reported.
 */
@Timeout(90)
class FirmwareUpdaterTest {
    private static final String MODEL = "Raspberry Pi 4 Model B Rev 1.4";
    private static final List<String> PI4 = List.of("Raspberry Pi 4");
    private static final long CAPACITY = 8L << 20;
    /** The disk has room for less than a slot: an image between this and CAPACITY fits the slot but not the disk. */
    private static final long FREE = 2L << 20;
    private static final DeviceId DEVICE = DeviceId.of("ota-unit-1");

    @TempDir
    Path dir;

    @RegisterExtension
    final MosquittoExtension broker = new MosquittoExtension();
    private TestSubscriber console;
    private ImageServer server;
    private OtaFixtures fx;
    private Path state;
    private DeviceAgent agent;
    private FirmwareUpdater updater;
    private final List<String> reboots = new CopyOnWriteArrayList<>();
    /** Set by a test: the reboot command refuses, as {@code reboot} does without the right to reboot. */
    private volatile boolean rebootRefused;

    @BeforeEach
    void setUp() throws Exception {
        console = new TestSubscriber(broker.url(), "ota-console");
        server = new ImageServer();
        fx = new OtaFixtures(console, server);
        state = Files.createDirectories(dir.resolve("state"));
        SlotStore slots = new NearlyFullSlots(new DirectorySlots(state.resolve("slots"), CAPACITY), FREE);
        SlotVersions versions = new SlotVersions(state);
        RunningFirmware running = RunningFirmware.boot(slots, versions, "1.0.0");
        PayloadCodec codec = new PayloadCodec();
        HttpClient http = HttpClient.newHttpClient();
        updater = new FirmwareUpdater(DEVICE, MODEL, running, slots, versions, new TrustedKeys(state,
                Optional.empty()), state, () -> http, new OtaSettings(new InstallerSettings(2,
                Duration.ofMillis(10), 64 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(20)),
                Duration.ofSeconds(5)), (trial, why) -> {
                    if (rebootRefused) {
                        throw new java.io.IOException("'reboot' '0 tryboot' exited with 1: Interactive authentication"
                                + " required");
                    }
                    reboots.add(why);
                }, codec, System::currentTimeMillis);
        agent = new DeviceAgent(DEVICE, new DeviceProfile(MODEL, "", "bench", "1.0.0", running.wireSlot(),
                List.of("ota")), SimulatedSensors.forDevice(0, 100), () -> "nothing to blink",
                MqttSettings.defaults(broker.url()), codec, System::currentTimeMillis, updater);
        agent.start();
        AgentLink link = new AgentLink();
        link.attach(agent);
        updater.start(link, link);
        Poll.until("device online", OtaFixtures.PATIENCE, agent::isConnected);
    }

    @AfterEach
    void tearDown() throws Exception {
        updater.close();
        agent.close();
        server.close();
        console.close();
    }

    private Path images() throws Exception {
        return Files.createDirectories(dir.resolve("images"));
    }

    private OtaFixtures.Release release(String version, long size) throws Exception {
        return fx.release(images(), "fw-" + version + ".img", version, size, true, PI4);
    }

    private static void assertRefused(CommandResponse response, InstallFailure failure) {
        assertThat(response.ok()).as(response.message()).isFalse();
        assertThat(response.data()).containsEntry(Commands.REASON, failure.name());
        assertThat(response.message()).startsWith(failure.name());
    }

    @Test
    void trustsTheFirstKeyAndTheSameAgainButRefusesAnother() throws Exception {
        CommandResponse first = fx.trust(DEVICE, fx.operator, state);
        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.data()).containsEntry("outcome", "ADDED");

        CommandResponse again = fx.trust(DEVICE, fx.operator, state);
        assertThat(again.ok()).isTrue();
        assertThat(again.data()).containsEntry("outcome", "ALREADY_TRUSTED");

        CommandResponse other = fx.trust(DEVICE, OtaFixtures.newKey(), state);
        assertThat(other.ok()).isFalse();
        assertThat(other.data()).containsEntry("outcome", "REFUSED");
        assertThat(other.message()).contains("delete").contains(dir.resolve("state/trusted-keys").toString());

        try (var files = Files.list(dir.resolve("state/trusted-keys"))) {
            List<Path> keys = files.filter(p -> p.toString().endsWith(".pub")).toList();
            assertThat(keys).hasSize(1);
            assertThat(Files.readString(keys.getFirst())).startsWith("-----BEGIN PUBLIC KEY-----");
        }
    }

    @Test
    void preflightSaysWhichSlotAndHowMuchRoomWhenEverythingFits() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        CommandResponse response = fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-ok", release("1.1.0",
                100_000)));

        assertThat(response.ok()).as(response.message()).isTrue();
        assertThat(response.data()).containsEntry("slot", "B").containsEntry("capacity", Long.toString(CAPACITY))
                .containsEntry("free", Long.toString(FREE)).containsEntry("job", "job-ok");
    }

    @Test
    void refusesAManifestSignedByAKeyItDoesNotTrust() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        OtaFixtures.Release release = fx.release(images(), "fw.img", "1.1.0", 100_000, true, PI4,
                OtaFixtures.newKey());
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release)), InstallFailure.UNKNOWN_KEY);
        assertRefused(fx.send(DEVICE, Commands.INSTALL, fx.command("job-1", release)), InstallFailure.UNKNOWN_KEY);
    }

    @Test
    void refusesATamperedManifest() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        OtaFixtures.Release release = release("1.1.0", 100_000);
        SignedManifest signed = release.manifest();
        var m = signed.manifest();
        SignedManifest tampered = new SignedManifest(signed.v(), new io.fleetdeck.model.FirmwareManifest(m.v(),
                "6.6.6", m.models(), m.rawSize(), m.rawSha256(), m.createdMs()), signed.key(), signed.signature());
        InstallCommand command = new InstallCommand("job-1", tampered, release.url(), ImageServer.TOKEN,
                release.size(), release.fileName());
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, command), InstallFailure.BAD_SIGNATURE);
    }

    @Test
    void refusesAnImageForAnotherModel() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        OtaFixtures.Release release = fx.release(images(), "fw.img", "1.1.0", 100_000, true,
                List.of("Raspberry Pi 5"));
        CommandResponse response = fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release));
        assertRefused(response, InstallFailure.WRONG_MODEL);
        assertThat(response.message()).contains("Raspberry Pi 5").contains(MODEL);
    }

    @Test
    void refusesAnImageLargerThanTheSlot() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release("1.1.0", CAPACITY + 1))),
                InstallFailure.TOO_LARGE);
    }

    @Test
    void refusesAnImageTheDiskHasNoRoomFor() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        CommandResponse response = fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release("1.1.0",
                FREE + 1)));
        assertRefused(response, InstallFailure.NO_SPACE);
        assertThat(response.message()).contains(Long.toString(FREE));
    }

    @Test
    void refusesTheVersionItAlreadyRuns() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release("1.0.0", 100_000))),
                InstallFailure.SAME_VERSION);
    }

    @Test
    void refusesAMalformedRequest() throws Exception {
        // Trusted first: the command's signature is checked before its arguments, and an untrusting device says so.
        fx.trust(DEVICE, fx.operator, state);
        CommandRequest noManifest = new CommandRequest(Map.of("job", "job-1", "url", "http://127.0.0.1/x.img"));
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, fx.codec.encode(noManifest)), InstallFailure.BAD_REQUEST);
        assertRefused(fx.send(DEVICE, Commands.INSTALL, "{\"v\":1,\"args\":".getBytes()), InstallFailure.BAD_REQUEST);

        Map<String, String> args = new HashMap<>(fx.command("job-1", release("1.1.0", 100_000)).toRequest(fx.codec)
                .args());
        args.put("file", "notes.txt");
        CommandResponse response = fx.send(DEVICE, Commands.PREFLIGHT, fx.codec.encode(new CommandRequest(args)));
        assertRefused(response, InstallFailure.BAD_REQUEST);
        assertThat(response.message()).contains("notes.txt");
    }

    @Test
    void refusesASecondJobWhileBusyButAnswersTheSameJobAgain() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        OtaFixtures.Release release = release("1.1.0", 1_000_000);
        server.stallNextAfter(100_000);
        CommandResponse accepted = fx.send(DEVICE, Commands.INSTALL, fx.command("job-1", release));
        assertThat(accepted.ok()).as(accepted.message()).isTrue();
        assertThat(accepted.message()).isEqualTo("accepted");
        assertThat(accepted.data()).containsEntry("job", "job-1").containsEntry("slot", "B");
        fx.awaitState(DEVICE, "job-1", InstallState.DOWNLOADING);

        CommandResponse other = fx.send(DEVICE, Commands.INSTALL, fx.command("job-2", release("1.2.0", 100_000)));
        assertRefused(other, InstallFailure.BUSY);
        assertThat(other.message()).contains("job-1");
        assertRefused(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-2", release)), InstallFailure.BUSY);

        CommandResponse same = fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-1", release));
        assertThat(same.ok()).as(same.message()).isTrue();
        CommandResponse sameInstall = fx.send(DEVICE, Commands.INSTALL, fx.command("job-1", release));
        assertThat(sameInstall.ok()).isTrue();
        assertThat(sameInstall.message()).contains("already running");
    }

    @Test
    void keepsTheJobAndItsTokenOwnerOnlyBeforeAnswering() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        server.stallNextAfter(10_000);
        fx.send(DEVICE, Commands.INSTALL, fx.command("job-1", release("1.1.0", 1_000_000)));

        Path job = dir.resolve("state/" + InstallJob.FILE);
        assertThat(Files.readString(job)).contains(ImageServer.TOKEN).contains("job-1");
        assertThat(Files.getPosixFilePermissions(job)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void reportsAFailedInstallWithTheInstallersReasonAndLeavesTheSlotsAlone() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        OtaFixtures.Release good = release("1.1.0", 300_000);
        // A manifest promising other bytes than the server sends: the read-back hash must catch it.
        OtaFixtures.Release other = fx.release(images(), "other.img", "1.1.0", 300_000, false, PI4);
        InstallCommand lying = new InstallCommand("job-bad", other.manifest(), good.url(), ImageServer.TOKEN,
                good.size(), good.fileName());
        assertThat(fx.send(DEVICE, Commands.INSTALL, lying).ok()).isTrue();

        InstallProgress end = fx.awaitFinal(DEVICE, "job-bad");
        assertThat(end.state()).isEqualTo(InstallState.FAILED);
        assertThat(InstallFailure.of(end.reason())).contains(InstallFailure.HASH_MISMATCH);
        assertThat(OtaFixtures.checkedStates(fx.reports(DEVICE, "job-bad")))
                .containsSubsequence(InstallState.QUEUED, InstallState.FAILED);
        assertThat(reboots).isEmpty();
        assertThat(Files.readString(dir.resolve("state/" + InstallJob.FILE))).doesNotContain(ImageServer.TOKEN);

        // Not busy any more: the next job is accepted.
        assertThat(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-next", good)).ok()).isTrue();
    }

    @Test
    void marksTheSlotForTrialAndAsksForARebootAfterAVerifiedInstall() throws Exception {
        fx.trust(DEVICE, fx.operator, state);
        assertThat(fx.send(DEVICE, Commands.INSTALL, fx.command("job-1", release("1.1.0", 300_000))).ok()).isTrue();

        fx.awaitState(DEVICE, "job-1", InstallState.REBOOTING);
        assertThat(reboots).hasSize(1);
        assertThat(new DirectorySlots(dir.resolve("state/slots"), CAPACITY).state().trying()).contains(Slot.B);
        assertThat(new SlotVersions(dir.resolve("state")).of(Slot.B)).contains("1.1.0");
        assertThat(OtaFixtures.checkedStates(fx.reports(DEVICE, "job-1"))).startsWith(InstallState.QUEUED)
                .endsWith(InstallState.REBOOTING);
    }

    @Test
    void failsTheJobAndWithdrawsTheTrialWhenTheRebootCannotStart() throws Exception {
        rebootRefused = true;
        fx.trust(DEVICE, fx.operator, state);
        assertThat(fx.send(DEVICE, Commands.INSTALL, fx.command("job-r", release("1.2.0", 300_000))).ok()).isTrue();

        InstallProgress end = fx.awaitFinal(DEVICE, "job-r");
        assertThat(end.state()).isEqualTo(InstallState.FAILED);
        assertThat(InstallFailure.of(end.reason())).contains(InstallFailure.SLOT_IO_FAILED);
        assertThat(end.reason()).contains("cannot reboot into slot B").contains("Interactive authentication");
        // Nothing is left marked: no later boot starts a trial that nobody health-checks.
        SlotState slots = new DirectorySlots(dir.resolve("state/slots"), CAPACITY).state();
        assertThat(slots.trying()).isEmpty();
        assertThat(slots.committed()).isEqualTo(Slot.A);
        assertThat(reboots).isEmpty();
        assertThat(OtaFixtures.checkedStates(fx.reports(DEVICE, "job-r"))).endsWith(InstallState.REBOOTING,
                InstallState.FAILED);
        // And the device takes the next job.
        assertThat(fx.send(DEVICE, Commands.PREFLIGHT, fx.command("job-next", release("1.3.0", 1000))).ok()).isTrue();
    }

    @Test
    void aForeignTrustKeyWithoutThePairingCodeIsRefusedOverTheBrokerAndNothingIsTrusted() throws Exception {
        KeyPair stranger = OtaFixtures.newKey();

        CommandResponse noCode = fx.trust(DEVICE, stranger);
        CommandResponse guessed = fx.send(DEVICE, Commands.TRUST_KEY, fx.trustRequest(DEVICE, stranger,
                Optional.of(PairingCode.parse("0000-0000"))));

        assertThat(noCode.ok()).isFalse();
        assertThat(noCode.data()).containsEntry(Commands.REASON, "CODE_REQUIRED");
        assertThat(guessed.data()).containsEntry(Commands.REASON, "WRONG_CODE");
        assertThat(state.resolve("trusted-keys")).doesNotExist();
        assertThat(state.resolve("console.json")).doesNotExist();
        // The operator, with the code off the device, still adopts it.
        assertThat(fx.trust(DEVICE, fx.operator, state).data()).containsEntry("outcome", "ADDED");
    }

    @Test
    void trustKeyWithoutArgumentsIsRefusedAsMalformed() throws Exception {
        CommandResponse response = fx.send(DEVICE, Commands.TRUST_KEY, fx.codec.encode(new CommandRequest(Map.of())));
        assertThat(response.ok()).isFalse();
        assertThat(response.message()).contains("key");
    }
}
