package io.fleetdeck.console.charts;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;

import java.util.Comparator;
import java.util.List;

/**
 * A moment a device's firmware changed, or was tried and rolled back, as its install jobs tell: where a chart draws
 * a marker and a before/after comparison splits the readings.
 *
 * @param atMs       when the job ended (the device ran the new slot from shortly before)
 * @param rolledBack the new firmware failed its health check and the device went back to the old one
 */
public record FirmwareChange(String version, long atMs, String jobId, boolean rolledBack) {

    /** The marker's label: the version, and what happened when it did not stay. */
    public String label() {
        return rolledBack ? "fw " + version + " rolled back" : "fw " + version;
    }

    /** The changes of {@code device} among {@code jobs}, oldest first: committed and rolled-back installs only. */
    static List<FirmwareChange> of(DeviceId device, List<RolloutJob> jobs) {
        return jobs.stream()
                .filter(job -> job.device().equals(device))
                .filter(job -> job.state() == InstallState.COMMITTED || job.state() == InstallState.ROLLED_BACK)
                .map(job -> new FirmwareChange(job.version(), job.updatedMs(), job.id(),
                        job.state() == InstallState.ROLLED_BACK))
                .sorted(Comparator.comparingLong(FirmwareChange::atMs))
                .toList();
    }
}
