package io.fleetdeck.console.rollout;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** One job's live state on the tracker: its record, rate and time left, and whether the console awaits an answer. */
class TrackedJobTest {
    private static final long TOTAL = 10_000;

    private final TrackedJob tracked = new TrackedJob(new RolloutJob("job-1", DeviceId.of("pi-tracked"), 1,
            "fleetdeck-2.0.0.img", "2.0.0", InstallState.QUEUED, 0, TOTAL, 0, OptionalLong.empty(), "", 0, 0),
            "token", 0);

    @Test
    void showsRateAndTimeLeftWhileTheImageDownloads() {
        report(0, InstallState.DOWNLOADING, 0);
        report(1_000, InstallState.DOWNLOADING, 1_000);

        assertThat(tracked.job().bytesPerSecond()).isEqualTo(1_000.0);
        assertThat(tracked.job().etaMs()).hasValue(9_000);
        assertThat(tracked.job().updatedMs()).isEqualTo(1_000);
    }

    @Test
    void aWriteStreamedFromTheDownloadMovesBytesToo() {
        report(0, InstallState.WRITING, 0);
        report(2_000, InstallState.WRITING, 5_000);

        assertThat(tracked.job().bytesPerSecond()).isEqualTo(2_500.0);
        assertThat(tracked.job().etaMs()).hasValue(2_000);
    }

    @Test
    void showsNoRateOnceTheBytesStopMoving() {
        report(0, InstallState.DOWNLOADING, 0);
        report(1_000, InstallState.DOWNLOADING, 1_000);

        report(2_000, InstallState.VERIFYING, TOTAL);

        assertThat(tracked.job().bytesPerSecond()).isZero();
        assertThat(tracked.job().etaMs()).isEmpty();
    }

    @Test
    void aReportSettlesAnUnansweredInstall() {
        tracked.awaitLateAnswer("pi-tracked did not answer cmd/install", 500);
        assertThat(tracked.unanswered()).contains("pi-tracked did not answer cmd/install");
        assertThat(tracked.unansweredSinceMs()).isEqualTo(500);

        tracked.heard(900, 100);

        assertThat(tracked.unanswered()).isEmpty();
        assertThat(tracked.lastHeardMs()).isEqualTo(900);
    }

    private void report(long atMs, InstallState state, long bytes) {
        tracked.heard(atMs, bytes);
        tracked.move(state, bytes, TOTAL, "", atMs);
    }
}
