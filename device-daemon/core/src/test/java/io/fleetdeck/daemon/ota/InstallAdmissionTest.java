package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.Topics;
import io.fleetdeck.testkit.mqtt.SignedMessages;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks of {@code cmd/preflight} and {@code cmd/install} on real slot and key files: each refusal with its code,
 * the first failing check named when several would fail, and an accepted job saved before the answer.
 */
class InstallAdmissionTest {
    private static final DeviceId DEVICE = DeviceId.of("admission-1");
    private static final String MODEL = "Raspberry Pi 4 Model B Rev 1.4";
    private static final long CAPACITY = 8L << 20;
    private static final long FREE = 2L << 20;
    private static final KeyPair OPERATOR = OtaFixtures.newKey();

    private final PayloadCodec codec = new PayloadCodec();
    private final List<InstallProgress> reports = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Path state;
    private SlotVersions versions;
    private long now = System.currentTimeMillis();
    private final LongSupplier clock = () -> now;
    private InstallAdmission admission;
    private JobJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        state = Files.createDirectories(dir.resolve("state"));
        admission = admissionIn(state);
    }

    private InstallAdmission admissionIn(Path jobDir) throws Exception {
        SlotStore slots = new NearlyFullSlots(new DirectorySlots(state.resolve("slots"), CAPACITY), FREE);
        SlotVersions versions = new SlotVersions(state);
        TrustedKeys keys = new TrustedKeys(state, Optional.empty());
        keys.trust(OPERATOR.getPublic());
        journal = new JobJournal(DEVICE, jobDir, codec, () -> 42L);
        journal.open(reports::add);
        this.versions = versions;
        return new InstallAdmission(DEVICE, MODEL, RunningFirmware.boot(slots, versions, "1.0.0"), slots, keys,
                new ManifestSignatures(codec), codec, journal, new CommandGuard(DEVICE, keys, clock),
                new AntiRollback(slots, versions));
    }

    /** What the session hands over: the request's bytes on its topic with the operator's signature. */
    private MessageEnvelope signed(String name, CommandRequest request, KeyPair signer) {
        String topic = Topics.command(DEVICE, name);
        byte[] payload = codec.encode(request);
        return new MessageEnvelope(topic, payload, List.copyOf(SignedMessages.command(signer, topic, payload)
                .entrySet()));
    }

    private CommandResponse preflight(CommandRequest request) {
        return admission.preflight(request, signed(Commands.PREFLIGHT, request, OPERATOR));
    }

    private InstallAdmission.Admitted install(CommandRequest request) {
        return admission.install(request, signed(Commands.INSTALL, request, OPERATOR));
    }

    private CommandRequest request(String job, String version, long rawSize, List<String> models, KeyPair signer) {
        return Jobs.command(job, version, rawSize, models, signer).toRequest(codec);
    }

    private CommandRequest request(String job, String version, long rawSize) {
        return request(job, version, rawSize, Jobs.PI4, OPERATOR);
    }

    private static void assertRefused(CommandResponse response, InstallFailure failure) {
        assertThat(response.ok()).as(response.message()).isFalse();
        assertThat(response.data()).containsEntry(Commands.REASON, failure.name());
        assertThat(response.message()).startsWith(failure.name());
    }

    @Test
    void acceptsAJobSavedForItsOwnerOnlyAndReportedQueuedBeforeTheAnswer() throws Exception {
        InstallAdmission.Admitted admitted = install(request("job-1", "1.1.0", 100_000));

        assertThat(admitted.answer().ok()).as(admitted.answer().message()).isTrue();
        assertThat(admitted.answer().message()).isEqualTo("accepted");
        assertThat(admitted.answer().data()).containsEntry("job", "job-1").containsEntry("slot", "B")
                .containsEntry("capacity", Long.toString(CAPACITY)).containsEntry("free", Long.toString(FREE));
        InstallJob job = admitted.job().orElseThrow();
        assertThat(job.state()).isEqualTo(InstallState.QUEUED);
        Path file = state.resolve(InstallJob.FILE);
        assertThat(Files.readString(file)).contains(Jobs.TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(reports).containsExactly(job.progress(42L));
    }

    @Test
    void preflightSaysWhereTheImageWouldGoWithoutAcceptingIt() {
        CommandResponse response = preflight(request("job-1", "1.1.0", 100_000));

        assertThat(response.ok()).as(response.message()).isTrue();
        assertThat(response.message()).isEqualTo("ready to install 1.1.0 into slot B");
        assertThat(journal.job()).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void refusesASecondJobWhileOneRunsButAnswersTheSameJobAgainWithoutStartingItTwice() {
        InstallCommand first = Jobs.command("job-1", "1.1.0", 100_000, Jobs.PI4, OPERATOR);
        install(first.toRequest(codec));

        CommandResponse other = install(request("job-2", "1.2.0", 100_000)).answer();
        InstallAdmission.Admitted again = install(first.toRequest(codec));
        CommandResponse preflight = preflight(first.toRequest(codec));

        assertRefused(other, InstallFailure.BUSY);
        assertThat(other.message()).contains("job-1").contains("1.1.0").contains("QUEUED");
        assertThat(again.job()).isEmpty();
        assertThat(again.answer().message()).isEqualTo("job job-1 is already running");
        assertThat(again.answer().data()).containsEntry("state", "QUEUED").doesNotContainKey("free");
        assertThat(preflight.ok()).isTrue();
        assertThat(reports).hasSize(1);
    }

    @Test
    void takesTheNextJobOnceTheLastOneEnded() throws Exception {
        install(request("job-1", "1.1.0", 100_000));
        journal.fail(InstallFailure.DOWNLOAD_FAILED, "connection reset", null);

        assertThat(install(request("job-2", "1.2.0", 100_000)).job()).isPresent();
    }

    @Test
    void refusesAMalformedRequestOrAnUnknownImageFormat() {
        assertRefused(preflight(new CommandRequest(Map.of("job", "job-1"))), InstallFailure.BAD_REQUEST);

        Map<String, String> args = new HashMap<>(request("job-1", "1.1.0", 100_000).args());
        args.put("file", "notes.txt");
        CommandResponse response = install(new CommandRequest(args)).answer();
        assertRefused(response, InstallFailure.BAD_REQUEST);
        assertThat(response.message()).contains("notes.txt");
    }

    @Test
    void namesTheFirstFailingCheckInTheProtocolsOrder() {
        KeyPair stranger = OtaFixtures.newKey();
        List<String> pi5 = List.of("Raspberry Pi 5");

        assertRefused(preflight(request("job-1", "1.0.0", CAPACITY + 1, pi5, stranger)),
                InstallFailure.SAME_VERSION);
        assertRefused(preflight(request("job-1", "1.1.0", CAPACITY + 1, pi5, stranger)),
                InstallFailure.UNKNOWN_KEY);
        assertRefused(preflight(request("job-1", "1.1.0", CAPACITY + 1, pi5, OPERATOR)),
                InstallFailure.WRONG_MODEL);
        assertRefused(preflight(request("job-1", "1.1.0", CAPACITY + 1, Jobs.PI4, OPERATOR)),
                InstallFailure.TOO_LARGE);
        assertRefused(preflight(request("job-1", "1.1.0", FREE + 1, Jobs.PI4, OPERATOR)),
                InstallFailure.NO_SPACE);
    }

    @Test
    void refusesAJobItCannotSaveAndStaysFree() throws Exception {
        admission = admissionIn(Files.writeString(dir.resolve("not-a-directory"), "x"));

        InstallAdmission.Admitted admitted = install(request("job-1", "1.1.0", 100_000));

        assertRefused(admitted.answer(), InstallFailure.SLOT_IO_FAILED);
        assertThat(admitted.answer().message()).contains("cannot save the job in").contains("not-a-directory");
        assertThat(admitted.job()).isEmpty();
        assertThat(journal.job()).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void refusesAnUnsignedCommandBeforeLookingAtIt() {
        CommandRequest request = request("job-1", "1.1.0", 100_000);
        MessageEnvelope unsigned = MessageEnvelope.unsigned(Topics.command(DEVICE, Commands.INSTALL),
                codec.encode(request));

        InstallAdmission.Admitted admitted = admission.install(request, unsigned);

        assertRefused(admitted.answer(), InstallFailure.UNSIGNED);
        assertThat(admitted.job()).isEmpty();
        assertThat(journal.job()).isEmpty();
    }

    @Test
    void refusesACommandSignedByAKeyItDoesNotTrust() {
        CommandRequest request = request("job-1", "1.1.0", 100_000);

        CommandResponse answer = admission.preflight(request, signed(Commands.PREFLIGHT, request,
                OtaFixtures.newKey()));

        assertRefused(answer, InstallFailure.UNKNOWN_KEY);
    }

    @Test
    void refusesASignatureMadeForAnotherCommandOrOtherArguments() {
        CommandRequest request = request("job-1", "1.1.0", 100_000);
        MessageEnvelope forPreflight = signed(Commands.PREFLIGHT, request, OPERATOR);
        MessageEnvelope movedToInstall = new MessageEnvelope(Topics.command(DEVICE, Commands.INSTALL),
                forPreflight.payload(), forPreflight.userProperties());
        MessageEnvelope otherArguments = new MessageEnvelope(forPreflight.topic(),
                codec.encode(request("job-2", "1.1.0", 100_000)), forPreflight.userProperties());

        assertRefused(admission.install(request, movedToInstall).answer(), InstallFailure.BAD_SIGNATURE);
        assertRefused(admission.preflight(request, otherArguments), InstallFailure.BAD_SIGNATURE);
    }

    @Test
    void refusesAnExpiredCommandUnlessTheClockWasNeverSet() {
        CommandRequest request = request("job-1", "1.1.0", 100_000);
        String topic = Topics.command(DEVICE, Commands.PREFLIGHT);
        byte[] payload = codec.encode(request);
        long expiry = now - 1;

        assertRefused(admission.preflight(request, new MessageEnvelope(topic, payload,
                List.copyOf(SignedMessages.command(OPERATOR, topic, payload, expiry).entrySet()))),
                InstallFailure.EXPIRED);

        now = CommandGuard.BUILT_MS - 86_400_000L;
        long beforeThatClock = now - 60_000;
        CommandResponse unsetClock = admission.preflight(request, new MessageEnvelope(topic, payload,
                List.copyOf(SignedMessages.command(OPERATOR, topic, payload, beforeThatClock).entrySet())));
        assertThat(unsetClock.ok()).as(unsetClock.message()).isTrue();
    }

    @Test
    void refusesTheSameSignedCommandTwice() {
        CommandRequest request = request("job-1", "1.1.0", 100_000);
        MessageEnvelope once = signed(Commands.PREFLIGHT, request, OPERATOR);

        assertThat(admission.preflight(request, once).ok()).isTrue();
        CommandResponse again = admission.preflight(request, once);

        assertRefused(again, InstallFailure.REPLAYED);
    }

    @Test
    void refusesACopyOfTheLastAcceptedInstallAfterARestartAsStale() throws Exception {
        CommandRequest request = request("job-1", "1.1.0", 100_000);
        MessageEnvelope captured = signed(Commands.INSTALL, request, OPERATOR);
        assertThat(admission.install(request, captured).job()).isPresent();
        journal.fail(InstallFailure.DOWNLOAD_FAILED, "connection reset", null);

        admission = admissionIn(state);
        InstallAdmission.Admitted replayed = admission.install(request, captured);

        assertRefused(replayed.answer(), InstallFailure.STALE);
        assertThat(replayed.job()).isEmpty();
        Thread.sleep(5);
        assertThat(install(request("job-2", "1.1.0", 100_000)).job()).isPresent();
    }

    @Test
    void refusesAReleaseBelowTheCommittedSecurityVersionUnlessTheCommandAllowsIt() throws Exception {
        versions.record(Slot.A, "1.0.0", 3);
        CommandRequest older = Jobs.command("job-1", "1.1.0", 100_000, Jobs.PI4, OPERATOR, 2).toRequest(codec);
        CommandRequest allowed = Jobs.command("job-1", "1.1.0", 100_000, Jobs.PI4, OPERATOR, 2).allowingDowngrade()
                .toRequest(codec);
        CommandRequest same = Jobs.command("job-1", "1.1.0", 100_000, Jobs.PI4, OPERATOR, 3).toRequest(codec);

        CommandResponse refused = preflight(older);
        assertRefused(refused, InstallFailure.ROLLBACK);
        assertThat(refused.message()).contains("security version 2").contains("committed 3");
        assertThat(preflight(allowed).ok()).isTrue();
        assertThat(preflight(same).ok()).isTrue();
        assertThat(versions.securityFloor()).isEqualTo(3);
    }
}
