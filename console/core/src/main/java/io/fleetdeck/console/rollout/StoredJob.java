package io.fleetdeck.console.rollout;

import java.util.Objects;

/**
 * A job as kept in {@code firmware.db}: what the console shows, and the token its download is granted with, so a
 * restarted console can grant it again. The token is cleared once the job ends.
 *
 * @param job   the job (rate and ETA are not kept: they are computed from live reports)
 * @param token the download token, empty once the job has ended
 */
public record StoredJob(RolloutJob job, String token) {
    public StoredJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(token, "token");
    }
}
