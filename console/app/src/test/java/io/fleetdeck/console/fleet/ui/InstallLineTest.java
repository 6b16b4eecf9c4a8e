package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class InstallLineTest {
    private static final FleetRegistry REGISTRY = new FleetRegistry();

    private static RolloutJob job(InstallState state, long bytes, double rate, String reason) {
        return new RolloutJob("j1", DeviceId.of("pi-01"), 1, "fw-2.0.0.img.xz", "2.0.0", state, bytes, 1_000_000, rate,
                OptionalLong.empty(), reason, 1, 2);
    }

    private static DeviceSnapshot device() {
        REGISTRY.recordStatus(DeviceId.of("pi-01"), new io.fleetdeck.model.DeviceStatus(
                io.fleetdeck.model.Presence.ONLINE, 1), 1);
        return REGISTRY.device(DeviceId.of("pi-01")).orElseThrow();
    }

    @Test
    void aDownloadShowsPercentRateAndADeterminateBar() {
        InstallLine line = InstallLine.ofJob(job(InstallState.DOWNLOADING, 410_000, 3_200_000, ""), Optional.of("1.0.0"));

        assertThat(line.text()).isEqualTo("Downloading 2.0.0 · 41 % · 3.2 MB/s");
        assertThat(line.bar()).isTrue();
        assertThat(line.progress()).isEqualTo(0.41);
        assertThat(line.tone()).isEqualTo(InstallTone.ACTIVE);
    }

    @Test
    void phasesWithoutBytesHaveAnIndeterminateBar() {
        for (InstallState state : new InstallState[] {InstallState.QUEUED, InstallState.VERIFYING,
                InstallState.REBOOTING, InstallState.HEALTH_CHECK}) {
            InstallLine line = InstallLine.ofJob(job(state, 0, 0, ""), Optional.of("1.0.0"));
            assertThat(line.bar()).as(state.name()).isTrue();
            assertThat(line.progress()).as(state.name()).isEqualTo(-1);
        }
    }

    @Test
    void committedIsGreenOnlyOnceTheDeviceReportsTheVersion() {
        RolloutJob committed = job(InstallState.COMMITTED, 1_000_000, 0, "");

        assertThat(InstallLine.ofJob(committed, Optional.of("2.0.0")))
                .isEqualTo(new InstallLine("✓ Updated to 2.0.0", false, 1, InstallTone.OK));
        assertThat(InstallLine.ofJob(committed, Optional.of("1.0.0")).tone()).isEqualTo(InstallTone.ACTIVE);
    }

    @Test
    void failuresRollbacksAndCancellationsSayWhy() {
        assertThat(InstallLine.ofJob(job(InstallState.FAILED, 0, 0, "HASH_MISMATCH: expected a got b"),
                Optional.empty())).isEqualTo(new InstallLine("✗ Failed: HASH_MISMATCH: expected a got b", false, 0,
                InstallTone.PROBLEM));
        assertThat(InstallLine.ofJob(job(InstallState.ROLLED_BACK, 0, 0, "HEALTH_CHECK_FAILED: no readings"),
                Optional.empty()).text()).isEqualTo("✗ Rolled back: HEALTH_CHECK_FAILED: no readings");
        assertThat(InstallLine.ofJob(job(InstallState.FAILED, 0, 0, "CANCELLED: by the operator"),
                Optional.empty()).tone()).isEqualTo(InstallTone.CANCELLED);
    }

    @Test
    void aPreflightMarkWinsOverTheOldJob() {
        InstallLine line = InstallLine.of(Optional.of(new TileMark(TileMark.Kind.REFUSED, "WRONG_MODEL: pi3")),
                Optional.of(job(InstallState.COMMITTED, 1, 0, "")), device());

        assertThat(line).isEqualTo(new InstallLine("✗ WRONG_MODEL: pi3", false, 0, InstallTone.PROBLEM));
        assertThat(InstallLine.of(Optional.of(TileMark.checking()), Optional.empty(), device()).progress())
                .isEqualTo(-1);
    }

    @Test
    void nothingToSayWithoutMarkJobOrReport() {
        assertThat(InstallLine.of(Optional.empty(), Optional.empty(), device())).isEqualTo(InstallLine.NONE);
    }
}
