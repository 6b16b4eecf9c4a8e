package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StageStepsTest {
    private static final List<DeviceId> TEN = IntStream.rangeClosed(1, 10)
            .mapToObj(i -> DeviceId.of("pi-%02d".formatted(i))).toList();

    @Test
    void theFirstStageTakesTheCanaryAndTheRestWait() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("1,20%,rest", 3), TEN, 1), 0, 1);

        assertThat(rollout.inStage(0)).extracting(StagedMember::device).containsExactly(TEN.getFirst());
        assertThat(rollout.inStage(StagedMember.UNASSIGNED)).hasSize(9);
        assertThat(StageSteps.launchable(rollout, 1)).containsExactly(TEN.getFirst());
    }

    @Test
    void aShareIsTakenOfAllTargetsAndTheLastStageTakesEveryoneLeft() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("1,20%,rest", 3), TEN, 1), 0, 1);
        rollout = StageSteps.assign(rollout, 1, 2);
        assertThat(rollout.inStage(1)).hasSize(2);

        rollout = StageSteps.assign(rollout, 2, 3);
        assertThat(rollout.inStage(2)).hasSize(7);
    }

    @Test
    void launchesNoMoreThanTheConcurrencyLimit() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("rest", 3), TEN, 1), 0, 1);

        assertThat(StageSteps.launchable(rollout, 1)).hasSize(3);
        StagedRollout two = rollout.mapMembers(m -> m.device().equals(TEN.get(0)) || m.device().equals(TEN.get(1))
                ? m.moved(MemberState.INSTALLING, "job-" + m.device().value(), "", 1) : m, 2);
        assertThat(StageSteps.launchable(two, 2)).containsExactly(TEN.get(2));
    }

    @Test
    void aMemberThatWasOfflineIsAskedAgainOnlyAfterTheRetryDelay() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("1,rest", 2), TEN, 1), 0, 1);
        rollout = rollout.mapMembers(m -> m.stage() == 0 ? m.moved(MemberState.PENDING, "", "waiting: NO_ANSWER: "
                + "offline", 100) : m, 100);

        assertThat(StageSteps.launchable(rollout, 100 + StageSteps.RETRY_MS - 1)).isEmpty();
        assertThat(StageSteps.stageEnded(rollout)).as("an offline canary holds its stage").isFalse();
        assertThat(StageSteps.launchable(rollout, 100 + StageSteps.RETRY_MS)).containsExactly(TEN.getFirst());
    }

    @Test
    void aFailedCanaryPausesWithTheDeviceAndItsJobsReason() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("1,rest", 2), TEN, 1), 0, 1);
        rollout = rollout.mapMembers(m -> m.stage() == 0 ? m.moved(MemberState.INSTALLING, "job-1", "", 1) : m, 2);
        RolloutJob rolledBack = new RolloutJob("job-1", TEN.getFirst(), 7, "fw.img", "2.0.0",
                InstallState.ROLLED_BACK, 10, 10, 0, OptionalLong.empty(), "HEALTH_CHECK_FAILED: no heartbeat", 1, 3);

        rollout = StageSteps.checkThreshold(StageSteps.follow(rollout, Map.of("job-1", rolledBack), 3), 3);

        assertThat(rollout.state()).isEqualTo(StagedRolloutState.PAUSED);
        assertThat(rollout.pauseReason()).startsWith("pi-01: ROLLED_BACK: HEALTH_CHECK_FAILED: no heartbeat");
        assertThat(StageSteps.launchable(rollout, 1)).isEmpty();
        StagedRollout resumed = rollout.resumed(4);
        assertThat(StageSteps.checkThreshold(resumed, 5).state()).as("forgiven after resume")
                .isEqualTo(StagedRolloutState.RUNNING);
    }

    @Test
    void aJoinedDeviceWaitsForALaterStageAndOneThatLeftBeforeStartingIsSkipped() {
        StagedRollout rollout = StageSteps.assign(StageSteps.join(rollout("1,rest", 2), TEN.subList(0, 3), 1), 0, 1);

        rollout = StageSteps.join(rollout, List.of(TEN.get(0), TEN.get(1), TEN.get(3)), 2);

        assertThat(rollout.members()).extracting(StagedMember::device)
                .containsExactly(TEN.get(0), TEN.get(1), TEN.get(2), TEN.get(3));
        assertThat(rollout.members().get(2).state()).isEqualTo(MemberState.SKIPPED);
        assertThat(rollout.members().get(3).stage()).isEqualTo(StagedMember.UNASSIGNED);
        assertThat(StageSteps.assign(rollout, 1, 3).inStage(1)).extracting(StagedMember::device)
                .containsExactly(TEN.get(1), TEN.get(3));
    }

    @Test
    void aPreflightRefusalSkipsADeviceAlreadyThereWaitsForAnOfflineOneAndFailsAnyOther() {
        StagedMember launching = new StagedMember(TEN.getFirst(), 0, MemberState.LAUNCHING, "", "", 5);

        assertThat(StageSteps.refused(launching, PreflightVerdict.refused(TEN.getFirst(), InstallFailure.SAME_VERSION,
                "already runs 2.0.0"), 9).state()).isEqualTo(MemberState.SKIPPED);
        StagedMember offline = StageSteps.refused(launching, PreflightVerdict.refused(TEN.getFirst(),
                InstallFailure.NO_ANSWER, "offline"), 9);
        assertThat(offline.state()).isEqualTo(MemberState.PENDING);
        assertThat(offline.reason()).isEqualTo("waiting: NO_ANSWER: offline");
        assertThat(offline.launchedMs()).isEqualTo(9);
        StagedMember full = StageSteps.refused(launching, PreflightVerdict.refused(TEN.getFirst(),
                InstallFailure.NO_SPACE, "10 bytes free"), 9);
        assertThat(full.state()).isEqualTo(MemberState.FAILED);
        assertThat(full.reason()).isEqualTo("refused: NO_SPACE: 10 bytes free");
    }

    @Test
    void aLaunchInterruptedByARestartTakesTheJobStartedSinceOrStartsAgain() {
        StagedRollout rollout = rollout("rest", 2);
        StagedMember launching = new StagedMember(TEN.getFirst(), 0, MemberState.LAUNCHING, "", "", 100);
        RolloutJob older = new RolloutJob("job-old", TEN.getFirst(), 7, "fw.img", "2.0.0", InstallState.FAILED, 0,
                10, 0, OptionalLong.empty(), "", 50, 60);
        RolloutJob since = new RolloutJob("job-new", TEN.getFirst(), 7, "fw.img", "2.0.0",
                InstallState.DOWNLOADING, 0, 10, 0, OptionalLong.empty(), "", 120, 130);

        assertThat(StageSteps.relaunched(rollout, launching, Map.of("job-old", older, "job-new", since)))
                .isEqualTo(launching.moved(MemberState.INSTALLING, "job-new", "", 100));
        assertThat(StageSteps.relaunched(rollout, launching, Map.of("job-old", older)).state())
                .isEqualTo(MemberState.PENDING);
        StagedMember lost = new StagedMember(TEN.get(1), 0, MemberState.INSTALLING, "job-gone", "", 100);
        assertThat(StageSteps.relaunched(rollout, lost, Map.of()).state()).isEqualTo(MemberState.FAILED);
    }

    static StagedRollout rollout(String stages, int maxParallel) {
        return new StagedRollout("staged-1", 7, "fw.img", ReleaseOptions.of(Optional.empty()), "devices",
                StagePlan.parse(stages), maxParallel, FailureThreshold.none(), StagedRolloutState.RUNNING, 0, "", 0,
                0, List.of(), 1, 1);
    }
}
