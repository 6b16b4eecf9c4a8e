package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a staged rollout as pure functions of its state, so they are tested without devices: who joins, when
 * a member's install ended, when failures pause the rollout, when a stage ends and which devices the next one takes,
 * and which members may start now. The service applies them on its one thread and does the I/O.
 */
final class StageSteps {
    /** How long a member that was offline waits before it is pre-flighted again. */
    static final long RETRY_MS = 10_000;

    private StageSteps() {
    }

    /**
     * Takes devices that joined the targets as unassigned members, and drops members that left them before their
     * install started. Members already started stay: their installs run to the end either way.
     */
    static StagedRollout join(StagedRollout rollout, List<DeviceId> current, long nowMs) {
        Set<DeviceId> now = new LinkedHashSet<>(current);
        Set<DeviceId> known = new HashSet<>();
        List<StagedMember> members = new ArrayList<>();
        boolean changed = false;
        for (StagedMember member : rollout.members()) {
            known.add(member.device());
            if (member.state() == MemberState.PENDING && !now.contains(member.device())) {
                members.add(member.moved(MemberState.SKIPPED, "left the rollout's targets"));
                changed = true;
            } else {
                members.add(member);
            }
        }
        for (DeviceId device : now) {
            if (!known.contains(device)) {
                members.add(StagedMember.joined(device));
                changed = true;
            }
        }
        return changed ? rollout.withMembers(members, nowMs) : rollout;
    }

    /** Members whose job ended move to COMMITTED or FAILED, with the job's state and reason. */
    static StagedRollout follow(StagedRollout rollout, Map<String, RolloutJob> jobs, long nowMs) {
        StagedRollout result = rollout;
        for (StagedMember member : rollout.members()) {
            if (member.state() != MemberState.INSTALLING) {
                continue;
            }
            RolloutJob job = jobs.get(member.jobId());
            if (job == null || !job.state().isFinal()) {
                continue;
            }
            StagedMember ended = job.state() == InstallState.COMMITTED
                    ? member.moved(MemberState.COMMITTED, "")
                    : member.moved(MemberState.FAILED, job.state() + (job.reason().isEmpty() ? ""
                    : ": " + job.reason()));
            result = result.withMember(ended, nowMs);
        }
        return result;
    }

    /**
     * Pauses a running rollout whose failures since its start or last resume are more than its threshold tolerates.
     * The reason names the newest failed member and why its install failed.
     */
    static StagedRollout checkThreshold(StagedRollout rollout, long nowMs) {
        if (rollout.state() != StagedRolloutState.RUNNING) {
            return rollout;
        }
        int failed = (int) rollout.count(MemberState.FAILED) - rollout.baselineFailed();
        int finished = (int) (rollout.count(MemberState.FAILED) + rollout.count(MemberState.COMMITTED))
                - rollout.baselineFinished();
        if (!rollout.threshold().exceededBy(failed, finished)) {
            return rollout;
        }
        StagedMember last = rollout.members().stream().filter(m -> m.state() == MemberState.FAILED)
                .reduce((first, second) -> second).orElseThrow();
        String why = last.device().value() + ": " + last.reason() + " (" + failed + " failed of " + finished
                + " ended; threshold " + rollout.threshold().text() + ")";
        return rollout.moved(StagedRolloutState.PAUSED, rollout.stage(), why, nowMs);
    }

    /** Puts unassigned members into {@code stage}: as many as its size of all members, or all for the last one. */
    static StagedRollout assign(StagedRollout rollout, int stage, long nowMs) {
        List<StagedMember> members = rollout.members();
        // Devices that left before any stage took them are no longer part of the whole a share is taken of.
        int total = (int) members.stream().filter(m -> !(m.state() == MemberState.SKIPPED
                && m.stage() == StagedMember.UNASSIGNED)).count();
        int already = rollout.inStage(stage).size();
        int room = rollout.stages().isLast(stage) ? Integer.MAX_VALUE
                : Math.max(0, rollout.stages().get(stage).of(total) - already);
        if (room == 0 || members.stream().noneMatch(m -> m.stage() == StagedMember.UNASSIGNED
                && m.state() == MemberState.PENDING)) {
            return rollout;
        }
        List<StagedMember> assigned = new ArrayList<>();
        for (StagedMember member : members) {
            if (room > 0 && member.stage() == StagedMember.UNASSIGNED && member.state() == MemberState.PENDING) {
                assigned.add(member.inStage(stage));
                room--;
            } else {
                assigned.add(member);
            }
        }
        return rollout.withMembers(assigned, nowMs);
    }

    /** Whether every member of the current stage has ended. */
    static boolean stageEnded(StagedRollout rollout) {
        return rollout.inStage(rollout.stage()).stream().allMatch(member -> member.state().isFinal());
    }

    /** Whether no member waits and none runs: the last stage took everyone and all ended. */
    static boolean allEnded(StagedRollout rollout) {
        return rollout.members().stream().allMatch(member -> member.state().isFinal());
    }

    /**
     * The members of the current stage that may start now, within the concurrency limit. A member that was offline
     * at its last try (a pending member with a reason) is asked again only {@link #RETRY_MS} after it.
     */
    static List<DeviceId> launchable(StagedRollout rollout, long nowMs) {
        if (rollout.state() != StagedRolloutState.RUNNING) {
            return List.of();
        }
        long free = rollout.maxParallel() - rollout.active();
        return rollout.inStage(rollout.stage()).stream().filter(m -> m.state() == MemberState.PENDING
                        && (m.reason().isEmpty() || m.launchedMs() + RETRY_MS <= nowMs))
                .limit(Math.max(0, free)).map(StagedMember::device).toList();
    }

    /**
     * A member caught launching by the last shutdown: the job row is written before cmd/install goes out, so a job
     * of this image on this device started since the launch is its job; without one, it starts again.
     */
    static StagedMember relaunched(StagedRollout rollout, StagedMember member, Map<String, RolloutJob> jobs) {
        if (member.state() == MemberState.INSTALLING && !jobs.containsKey(member.jobId())) {
            // Older than the jobs the rollout service remembers: nothing will ever end it otherwise.
            return member.moved(MemberState.FAILED, "job " + member.jobId() + " is no longer known to the console");
        }
        if (member.state() != MemberState.LAUNCHING) {
            return member;
        }
        Optional<RolloutJob> job = jobs.values().stream().filter(j -> j.device().equals(member.device())
                        && j.imageId() == rollout.imageId() && j.createdMs() >= member.launchedMs())
                .max(Comparator.comparingLong(RolloutJob::createdMs));
        return job.map(j -> member.moved(MemberState.INSTALLING, j.id(), "", member.launchedMs()))
                .orElseGet(() -> member.moved(MemberState.PENDING, "", "", 0));
    }

    /**
     * A device already on the version has nothing to do. One that is offline or has not announced itself waits and
     * is asked again: skipping it would let a canary stage pass without its canary (as right after a console
     * restart, before the devices reconnect). Any other refusal is the device failing this release.
     */
    static StagedMember refused(StagedMember member, PreflightVerdict verdict, long now) {
        InstallFailure code = verdict.failure().orElseThrow();
        return switch (code) {
            case SAME_VERSION -> member.moved(MemberState.SKIPPED, describe(verdict));
            case NO_ANSWER -> member.moved(MemberState.PENDING, "", "waiting: " + describe(verdict), now);
            default -> member.moved(MemberState.FAILED, "refused: " + describe(verdict));
        };
    }

    static String describe(PreflightVerdict verdict) {
        return verdict.failure().map(code -> code.describe(verdict.message())).orElse(verdict.message());
    }
}
