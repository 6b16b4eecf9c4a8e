package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.model.DeviceId;

import java.util.Objects;

/**
 * One device of a staged rollout.
 *
 * @param device     the device
 * @param stage      the stage it was put in, or {@link #UNASSIGNED} while no stage has taken it yet
 * @param state      where its install stands
 * @param jobId      its install job, empty before one started
 * @param reason     why it failed or was skipped (the job's reason, the pre-flight's refusal); empty otherwise
 * @param launchedMs when its launch began, so a restart can find a job started just before it; 0 before
 */
public record StagedMember(DeviceId device, int stage, MemberState state, String jobId, String reason,
                           long launchedMs) {
    public static final int UNASSIGNED = -1;

    public StagedMember {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reason, "reason");
    }

    /** A device that just joined the targets. */
    static StagedMember joined(DeviceId device) {
        return new StagedMember(device, UNASSIGNED, MemberState.PENDING, "", "", 0);
    }

    StagedMember inStage(int value) {
        return new StagedMember(device, value, state, jobId, reason, launchedMs);
    }

    StagedMember moved(MemberState value, String job, String why, long launched) {
        return new StagedMember(device, stage, value, job, why, launched);
    }

    StagedMember moved(MemberState value, String why) {
        return moved(value, jobId, why, launchedMs);
    }
}
