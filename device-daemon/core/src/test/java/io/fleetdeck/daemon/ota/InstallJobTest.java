package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.ota.OtaFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job file a restarted daemon resumes from: what it keeps, what it forgets, and how it refuses nonsense. */
class InstallJobTest {
    private static final String TOKEN = "per-job-token-abcdefgh";
    private final PayloadCodec codec = new PayloadCodec();

    @TempDir
    Path dir;

    private InstallCommand command() {
        FirmwareManifest manifest = new FirmwareManifest("2.0.0", List.of("Raspberry Pi 4"), 4096, new byte[32],
                1_700_000_000_000L);
        return new InstallCommand("job-7", new ManifestSignatures(codec).sign(manifest, OtaFixtures.newKey()),
                URI.create("http://127.0.0.1:8080/images/fw-2.0.0.img.xz"), TOKEN, 1234, "fw-2.0.0.img.xz");
    }

    @Test
    void aRunningJobComesBackWithItsCommandAfterARestart() throws Exception {
        InstallJob job = InstallJob.queued(command(), Slot.B).moveTo(InstallState.DOWNLOADING, 600, "");
        job.save(dir, codec);

        Optional<InstallJob> loaded = InstallJob.load(dir, codec);
        assertThat(loaded).contains(job);
        assertThat(loaded.get().command().orElseThrow().token()).isEqualTo(TOKEN);
        assertThat(loaded.get().totalBytes()).isEqualTo(1234);
    }

    @Test
    void theFileIsReadableByItsOwnerOnlySinceItHoldsTheToken() throws Exception {
        InstallJob.queued(command(), Slot.B).save(dir, codec);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(InstallJob.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFinishedJobKeepsItsOutcomeAndForgetsTheToken() throws Exception {
        InstallJob failed = InstallJob.queued(command(), Slot.B).moveTo(InstallState.FAILED, 99,
                "HASH_MISMATCH: expected aa got bb");
        assertThat(failed.command()).isEmpty();
        failed.save(dir, codec);

        assertThat(Files.readString(dir.resolve(InstallJob.FILE))).doesNotContain(TOKEN);
        InstallJob loaded = InstallJob.load(dir, codec).orElseThrow();
        assertThat(loaded.state()).isEqualTo(InstallState.FAILED);
        assertThat(loaded.reason()).isEqualTo("HASH_MISMATCH: expected aa got bb");
        assertThat(loaded.version()).isEqualTo("2.0.0");
    }

    @Test
    void anUnfinishedJobWithoutItsCommandCannotExist() {
        assertThatThrownBy(() -> new InstallJob("job-7", "2.0.0", Slot.B, InstallState.DOWNLOADING, 0, 10, "",
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command");
    }

    @Test
    void movingClampsTheByteCountAndShortensALongReason() {
        InstallJob job = InstallJob.queued(command(), Slot.B);
        assertThat(job.moveTo(InstallState.DOWNLOADING, 5000, "").bytes()).isEqualTo(1234);
        assertThat(job.moveTo(InstallState.DOWNLOADING, -5, "").bytes()).isZero();

        String reason = "DOWNLOAD_FAILED: " + "x".repeat(2000);
        String kept = job.moveTo(InstallState.FAILED, 0, reason).reason();
        assertThat(kept).hasSize(1024).startsWith("DOWNLOAD_FAILED: ").endsWith("…");
    }

    @Test
    void reportsWhatTheConsoleShows() {
        InstallProgress progress = InstallJob.queued(command(), Slot.B).moveTo(InstallState.DOWNLOADING, 600, "")
                .progress(42L);
        assertThat(progress).isEqualTo(new InstallProgress("job-7", "2.0.0", InstallState.DOWNLOADING, 600, 1234, "",
                42L));
    }

    @Test
    void noFileMeansNoJob() throws Exception {
        assertThat(InstallJob.load(dir, codec)).isEmpty();
    }

    @Test
    void anUnreadableFileIsRefusedNamingTheFileAndTheProblem() throws Exception {
        InstallJob.queued(command(), Slot.B).save(dir, codec);
        Path file = dir.resolve(InstallJob.FILE);
        Files.writeString(file, Files.readString(file).replace("state=QUEUED", "state=PAUSED"));

        assertThatThrownBy(() -> InstallJob.load(dir, codec)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("PAUSED");
    }
}
