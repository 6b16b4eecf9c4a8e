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
import io.fleetdeck.model.PayloadCodec;
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
        return new InstallAdmission(DEVICE, MODEL, RunningFirmware.boot(slots, versions, "1.0.0"), slots, keys,
                new ManifestSignatures(codec), codec, journal);
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
        InstallAdmission.Admitted admitted = admission.install(request("job-1", "1.1.0", 100_000));

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
        CommandResponse response = admission.preflight(request("job-1", "1.1.0", 100_000));

        assertThat(response.ok()).as(response.message()).isTrue();
        assertThat(response.message()).isEqualTo("ready to install 1.1.0 into slot B");
        assertThat(journal.job()).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void refusesASecondJobWhileOneRunsButAnswersTheSameJobAgainWithoutStartingItTwice() {
        InstallCommand first = Jobs.command("job-1", "1.1.0", 100_000, Jobs.PI4, OPERATOR);
        admission.install(first.toRequest(codec));

        CommandResponse other = admission.install(request("job-2", "1.2.0", 100_000)).answer();
        InstallAdmission.Admitted again = admission.install(first.toRequest(codec));
        CommandResponse preflight = admission.preflight(first.toRequest(codec));

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
        admission.install(request("job-1", "1.1.0", 100_000));
        journal.fail(InstallFailure.DOWNLOAD_FAILED, "connection reset", null);

        assertThat(admission.install(request("job-2", "1.2.0", 100_000)).job()).isPresent();
    }

    @Test
    void refusesAMalformedRequestOrAnUnknownImageFormat() {
        assertRefused(admission.preflight(new CommandRequest(Map.of("job", "job-1"))), InstallFailure.BAD_REQUEST);

        Map<String, String> args = new HashMap<>(request("job-1", "1.1.0", 100_000).args());
        args.put("file", "notes.txt");
        CommandResponse response = admission.install(new CommandRequest(args)).answer();
        assertRefused(response, InstallFailure.BAD_REQUEST);
        assertThat(response.message()).contains("notes.txt");
    }

    @Test
    void namesTheFirstFailingCheckInTheProtocolsOrder() {
        KeyPair stranger = OtaFixtures.newKey();
        List<String> pi5 = List.of("Raspberry Pi 5");

        assertRefused(admission.preflight(request("job-1", "1.0.0", CAPACITY + 1, pi5, stranger)),
                InstallFailure.SAME_VERSION);
        assertRefused(admission.preflight(request("job-1", "1.1.0", CAPACITY + 1, pi5, stranger)),
                InstallFailure.UNKNOWN_KEY);
        assertRefused(admission.preflight(request("job-1", "1.1.0", CAPACITY + 1, pi5, OPERATOR)),
                InstallFailure.WRONG_MODEL);
        assertRefused(admission.preflight(request("job-1", "1.1.0", CAPACITY + 1, Jobs.PI4, OPERATOR)),
                InstallFailure.TOO_LARGE);
        assertRefused(admission.preflight(request("job-1", "1.1.0", FREE + 1, Jobs.PI4, OPERATOR)),
                InstallFailure.NO_SPACE);
    }

    @Test
    void refusesAJobItCannotSaveAndStaysFree() throws Exception {
        admission = admissionIn(Files.writeString(dir.resolve("not-a-directory"), "x"));

        InstallAdmission.Admitted admitted = admission.install(request("job-1", "1.1.0", 100_000));

        assertRefused(admitted.answer(), InstallFailure.SLOT_IO_FAILED);
        assertThat(admitted.answer().message()).contains("cannot save the job in").contains("not-a-directory");
        assertThat(admitted.job()).isEmpty();
        assertThat(journal.job()).isEmpty();
        assertThat(reports).isEmpty();
    }
}
