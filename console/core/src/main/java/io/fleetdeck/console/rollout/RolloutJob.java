package io.fleetdeck.console.rollout;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One device's install of one release, as the console tracks it (and keeps in SQLite).
 *
 * @param id             job id, sent to the device and echoed in its progress reports
 * @param device         the device
 * @param imageId        library image
 * @param imageName      the image's file name, for people
 * @param version        the version the release promises
 * @param state          latest state, from the device's reports or the console's own verdict (no answer, cancelled)
 * @param bytes          bytes of the served file the device has fetched
 * @param totalBytes     size of the served file
 * @param bytesPerSecond recent download rate, 0 when not downloading
 * @param etaMs          estimated ms to the end of the download, when it can be estimated
 * @param reason         why it failed or rolled back (starts with an {@code InstallFailure} code); empty otherwise
 * @param createdMs      when the job was started
 * @param updatedMs      when it last changed
 */
public record RolloutJob(String id, DeviceId device, long imageId, String imageName, String version,
                         InstallState state, long bytes, long totalBytes, double bytesPerSecond, OptionalLong etaMs,
                         String reason, long createdMs, long updatedMs) {
    public RolloutJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(etaMs, "etaMs");
        Objects.requireNonNull(reason, "reason");
    }

    /** Download progress 0..1, or -1 when the size is unknown. */
    public double fraction() {
        if (state == InstallState.COMMITTED) {
            return 1;
        }
        return totalBytes <= 0 ? -1 : Math.min(1, (double) bytes / totalBytes);
    }
}
