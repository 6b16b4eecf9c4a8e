package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job as the updater keeps it: saved before it counts, reported at every change, never moved backwards. */
class JobJournalTest {
    private static final DeviceId DEVICE = DeviceId.of("journal-1");
    private static final KeyPair SIGNER = OtaFixtures.newKey();
    private final PayloadCodec codec = new PayloadCodec();
    private final List<InstallProgress> reports = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private JobJournal open(Path stateDir) {
        JobJournal journal = new JobJournal(DEVICE, stateDir, codec, () -> 42L);
        journal.open(reports::add);
        return journal;
    }

    private List<InstallState> reportedStates() {
        return reports.stream().map(InstallProgress::state).toList();
    }

    @Test
    void takesUpTheJobTheLastRunSaved() throws Exception {
        InstallJob saved = Jobs.at("job-1", "1.1.0", InstallState.DOWNLOADING, SIGNER).moveTo(InstallState.DOWNLOADING,
                600, "");
        saved.save(dir, codec);

        assertThat(open(dir).current()).isEqualTo(saved);
        assertThat(reports).isEmpty();
    }

    @Test
    void anAcceptedJobIsOnDiskForItsOwnerOnlyAndThenCurrent() throws Exception {
        JobJournal journal = open(dir);
        InstallJob job = Jobs.at("job-1", "1.1.0", InstallState.QUEUED, SIGNER);

        journal.accept(job);

        Path file = dir.resolve(InstallJob.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(InstallJob.load(dir, codec)).contains(job);
        assertThat(journal.job()).contains(job);
    }

    @Test
    void aJobThatCannotBeSavedIsNotAccepted() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state"), "a file where the state directory should be");
        JobJournal journal = open(notADirectory);

        assertThatThrownBy(() -> journal.accept(Jobs.at("job-1", "1.1.0", InstallState.QUEUED, SIGNER)))
                .isInstanceOf(IOException.class);
        assertThat(journal.job()).isEmpty();
    }

    @Test
    void advancingSavesAndReportsButNeverGoesBack() throws Exception {
        JobJournal journal = open(dir);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.QUEUED, SIGNER));

        journal.advance(InstallState.VERIFYING, -1);
        journal.advance(InstallState.DOWNLOADING, 100);

        assertThat(reportedStates()).containsExactly(InstallState.VERIFYING);
        assertThat(journal.current().state()).isEqualTo(InstallState.VERIFYING);
        assertThat(InstallJob.load(dir, codec).orElseThrow().state()).isEqualTo(InstallState.VERIFYING);
        assertThat(reports.getFirst().ts()).isEqualTo(42L);
    }

    @Test
    void downloadProgressIsCountedAtOnceButReportedAtMostEveryQuarterSecondAndNotSaved() throws Exception {
        JobJournal journal = open(dir);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.QUEUED, SIGNER));
        journal.advance(InstallState.DOWNLOADING, 0);

        journal.downloaded(100);
        journal.downloaded(200);
        assertThat(journal.current().bytes()).isEqualTo(200);
        assertThat(reports).hasSize(1);

        Thread.sleep(300);
        journal.downloaded(300);
        assertThat(reports).hasSize(2);
        assertThat(reports.getLast().bytes()).isEqualTo(300);
        assertThat(InstallJob.load(dir, codec).orElseThrow().bytes()).isZero();
    }

    @Test
    void downloadProgressOutsideADownloadChangesNothing() throws Exception {
        JobJournal journal = open(dir);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.VERIFYING, SIGNER));

        journal.downloaded(100);

        assertThat(journal.current().bytes()).isZero();
        assertThat(reports).isEmpty();
    }

    @Test
    void failingEndsAnUnfinishedJobOnlyOnce() throws Exception {
        JobJournal journal = open(dir);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.DOWNLOADING, SIGNER));

        journal.fail(InstallFailure.DOWNLOAD_FAILED, "connection reset", null);
        journal.fail(InstallFailure.SLOT_IO_FAILED, "too late", null);

        assertThat(journal.current().state()).isEqualTo(InstallState.FAILED);
        assertThat(journal.current().reason()).isEqualTo("DOWNLOAD_FAILED: connection reset");
        assertThat(reportedStates()).containsExactly(InstallState.FAILED);
        assertThat(Files.readString(dir.resolve(InstallJob.FILE))).doesNotContain(Jobs.TOKEN);
    }

    @Test
    void aMoveTheProtocolForbidsIsStillMadeAndReported() throws Exception {
        JobJournal journal = open(dir);
        journal.accept(Jobs.at("job-1", "1.1.0", InstallState.DOWNLOADING, SIGNER));

        journal.move(InstallState.ROLLED_BACK, "TRIAL_CRASHED: slot B was booted on trial and not committed");

        assertThat(journal.current().state()).isEqualTo(InstallState.ROLLED_BACK);
        assertThat(reports.getLast().reason()).startsWith("TRIAL_CRASHED");
    }

    @Test
    void anUnreadableJobFileIsMovedAsideAndForgotten() throws Exception {
        Jobs.at("job-1", "1.1.0", InstallState.QUEUED, SIGNER).save(dir, codec);
        Path file = dir.resolve(InstallJob.FILE);
        Files.writeString(file, Files.readString(file).replace("state=QUEUED", "state=PAUSED"));

        assertThat(open(dir).job()).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(Files.readString(dir.resolve(InstallJob.FILE + ".unreadable"))).contains("state=PAUSED");
    }

    @Test
    void reportingAJobAgainNeitherSavesNorChangesIt() {
        JobJournal journal = open(dir);
        InstallJob ended = Jobs.at("job-1", "1.1.0", InstallState.FAILED, "DOWNLOAD_FAILED: connection reset", SIGNER);

        journal.report(ended);
        journal.report(null);

        assertThat(reports).containsExactly(ended.progress(42L));
        assertThat(dir.resolve(InstallJob.FILE)).doesNotExist();
    }
}
