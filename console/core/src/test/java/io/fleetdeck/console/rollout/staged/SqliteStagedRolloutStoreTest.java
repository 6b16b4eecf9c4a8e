package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.model.DeviceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteStagedRolloutStoreTest {
    @TempDir
    Path dir;

    @Test
    void aPausedRolloutAndItsMembersReadBackAsWrittenAfterReopening() {
        StagedRollout paused = new StagedRollout("staged-abc", 3, "fw-2.0.0.img.xz",
                new ReleaseOptions(Optional.of("2.0.0"), 2, true), "devices", StagePlan.parse("1,10%,rest"), 4,
                FailureThreshold.parse("10%"), StagedRolloutState.PAUSED, 0,
                "pi-1: ROLLED_BACK: HEALTH_CHECK_FAILED", 0, 0,
                List.of(new StagedMember(DeviceId.of("pi-1"), 0, MemberState.FAILED, "job-1",
                                "ROLLED_BACK: HEALTH_CHECK_FAILED", 10),
                        new StagedMember(DeviceId.of("pi-2"), StagedMember.UNASSIGNED, MemberState.PENDING, "", "",
                                0)), 5, 20);
        // The job store migrates the same file first, as the console opens it.
        SqliteJobStore.open(dir).close();
        try (SqliteStagedRolloutStore store = SqliteStagedRolloutStore.open(dir)) {
            store.save(paused);
            store.save(paused);
        }

        try (SqliteStagedRolloutStore reopened = SqliteStagedRolloutStore.open(dir)) {
            assertThat(reopened.recent(10)).containsExactly(paused);
        }
    }
}
