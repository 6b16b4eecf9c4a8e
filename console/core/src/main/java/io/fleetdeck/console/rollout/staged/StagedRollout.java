package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.rollout.ReleaseOptions;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One staged rollout as it stands: what was asked, the current stage, every member's state, and why it paused.
 * Immutable; the service replaces it whole after each change and keeps it in {@code firmware.db}.
 *
 * @param id               rollout id
 * @param imageId          the library image
 * @param imageName        the image's file name, for people
 * @param release          the release options every stage's installs are signed with
 * @param targets          {@link RolloutTargets#describe()} of the targets
 * @param stages           the stages
 * @param maxParallel      concurrency limit
 * @param threshold        failure threshold
 * @param state            running, paused, aborted or done
 * @param stage            the current stage, 0-based
 * @param pauseReason      while paused: the device whose failure passed the threshold and its job's reason
 * @param baselineFailed   failures before the last resume, which the threshold no longer counts
 * @param baselineFinished ended installs before the last resume, likewise
 * @param members          every target ever taken, in the order they joined
 * @param createdMs        when it started
 * @param updatedMs        when it last changed
 */
public record StagedRollout(String id, long imageId, String imageName, ReleaseOptions release, String targets,
                            StagePlan stages, int maxParallel, FailureThreshold threshold, StagedRolloutState state,
                            int stage, String pauseReason, int baselineFailed, int baselineFinished,
                            List<StagedMember> members, long createdMs, long updatedMs) {
    public StagedRollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pauseReason, "pauseReason");
        members = List.copyOf(members);
    }

    public long count(MemberState wanted) {
        return members.stream().filter(member -> member.state() == wanted).count();
    }

    /** Members in stage {@code value}. */
    public List<StagedMember> inStage(int value) {
        return members.stream().filter(member -> member.stage() == value).toList();
    }

    /** Installs running now (launching or installing). */
    public long active() {
        return members.stream().filter(member -> member.state().isActive()).count();
    }

    /** The version the release promises, or the image's when the operator left it to the library. */
    public String versionOr(String fallback) {
        return release.version().filter(version -> !version.isBlank()).orElse(fallback);
    }

    StagedRollout withMembers(List<StagedMember> value, long nowMs) {
        return new StagedRollout(id, imageId, imageName, release, targets, stages, maxParallel, threshold, state,
                stage, pauseReason, baselineFailed, baselineFinished, value, createdMs, nowMs);
    }

    StagedRollout withMember(StagedMember changed, long nowMs) {
        return withMembers(members.stream().map(member -> member.device().equals(changed.device()) ? changed
                : member).toList(), nowMs);
    }

    StagedRollout mapMembers(UnaryOperator<StagedMember> change, long nowMs) {
        return withMembers(members.stream().map(change).toList(), nowMs);
    }

    StagedRollout moved(StagedRolloutState value, int atStage, String why, long nowMs) {
        return new StagedRollout(id, imageId, imageName, release, targets, stages, maxParallel, threshold, value,
                atStage, why, baselineFailed, baselineFinished, members, createdMs, nowMs);
    }

    /** Running again, with the failures so far forgiven by the threshold. */
    StagedRollout resumed(long nowMs) {
        int failed = (int) count(MemberState.FAILED);
        int finished = failed + (int) count(MemberState.COMMITTED);
        return new StagedRollout(id, imageId, imageName, release, targets, stages, maxParallel, threshold,
                StagedRolloutState.RUNNING, stage, "", failed, finished, members, createdMs, nowMs);
    }
}
