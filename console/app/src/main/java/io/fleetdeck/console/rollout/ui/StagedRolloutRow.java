package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.staged.MemberState;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutState;

import java.util.Locale;

/**
 * One staged rollout as the rollouts panel shows it, all texts, so the table compares rows by value.
 *
 * @param id        rollout id
 * @param image     image file name and version
 * @param stage     "2 of 3 (10%)"
 * @param counts    committed, failed, running, waiting, skipped
 * @param state     Running, Paused, Aborted, Done
 * @param reason    the pause reason (device and its job's reason), or why it was aborted
 * @param resumable whether Resume applies
 * @param abortable whether Abort applies
 */
public record StagedRolloutRow(String id, String image, String stage, String counts, String state, String reason,
                               boolean resumable, boolean abortable) {
    static StagedRolloutRow of(StagedRollout rollout) {
        String stage = (rollout.stage() + 1) + " of " + rollout.stages().count() + " ("
                + rollout.stages().get(rollout.stage()).text() + ")";
        long waiting = rollout.count(MemberState.PENDING);
        String counts = rollout.count(MemberState.COMMITTED) + " updated · " + rollout.count(MemberState.FAILED)
                + " failed · " + rollout.active() + " running · " + waiting + " waiting"
                + (rollout.count(MemberState.SKIPPED) == 0 ? "" : " · " + rollout.count(MemberState.SKIPPED)
                + " skipped");
        String state = rollout.state().name().charAt(0) + rollout.state().name().substring(1).toLowerCase(Locale.ROOT);
        return new StagedRolloutRow(rollout.id(), rollout.imageName() + " → " + rollout.versionOr("?"), stage, counts,
                state, rollout.pauseReason(), rollout.state() == StagedRolloutState.PAUSED,
                !rollout.state().isFinal());
    }
}
