package io.fleetdeck.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device's report on {@code fleetdeck/v1/<id>/install} (retained, QoS 1): the state of its current or last
 * firmware install, so a console that restarts mid-rollout picks up where the device is.
 *
 * @param v          protocol version
 * @param job        the console's job id from the install request
 * @param version    the firmware version being installed
 * @param state      where the install stands
 * @param bytes      bytes of the image received so far (compressed, as served)
 * @param totalBytes size of the image as served, 0 when unknown
 * @param reason     why it failed or rolled back; empty otherwise
 * @param ts         epoch ms on the device
 */
public record InstallProgress(int v, String job, String version, InstallState state, long bytes, long totalBytes,
                              String reason, long ts) {
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public InstallProgress {
        if (job == null || !JOB.matcher(job).matches()) {
            throw new IllegalArgumentException("job id must be 1-64 of A-Z a-z 0-9 _ -: " + Identifiers.quote(job));
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Payloads.requireLength("version", version, 64);
        Payloads.requireLength("reason", reason, 1024);
        if (bytes < 0 || totalBytes < 0 || (totalBytes > 0 && bytes > totalBytes)) {
            throw new IllegalArgumentException("bytes " + bytes + " of " + totalBytes + " is not a progress");
        }
        if ((state == InstallState.FAILED || state == InstallState.ROLLED_BACK) && reason.isBlank()) {
            throw new IllegalArgumentException(state + " needs a reason");
        }
    }

    public InstallProgress(String job, String version, InstallState state, long bytes, long totalBytes,
                           String reason, long ts) {
        this(ProtocolVersion.CURRENT, job, version, state, bytes, totalBytes, reason, ts);
    }
}
