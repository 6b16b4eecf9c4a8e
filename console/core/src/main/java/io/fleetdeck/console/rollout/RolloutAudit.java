package io.fleetdeck.console.rollout;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.FirmwareManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * What the rollout façade records in the audit log for each operator step (import, version fix, release, start),
 * once the step's outcome is known. The cancel is recorded by {@link JobCanceller}, which alone knows whether it
 * took.
 */
final class RolloutAudit {
    private final AuditLog audit;

    RolloutAudit(AuditLog audit) {
        this.audit = audit;
    }

    void imported(Path file, FirmwareImage image, Throwable failure) {
        if (failure != null) {
            audit.failed(AuditAction.IMPORT, file.getFileName().toString(), reason(failure));
        } else {
            audit.succeeded(AuditAction.IMPORT, image.name(), "image #" + image.id() + ", version "
                    + image.version().orElse("unknown") + ", sha256 " + image.rawSha256() + ", from " + file);
        }
    }

    void versionSet(long imageId, String version, FirmwareImage image, Throwable failure) {
        if (failure != null) {
            audit.failed(AuditAction.SET_VERSION, "image #" + imageId, version + ": " + reason(failure));
        } else {
            audit.succeeded(AuditAction.SET_VERSION, image.name(), "image #" + imageId + " is version " + version);
        }
    }

    void released(long imageId, List<DeviceId> devices, ReleaseOptions options, ReleaseSigner.Release release,
                  Throwable failure) {
        if (failure != null) {
            audit.failed(AuditAction.RELEASE, "image #" + imageId, "for " + devices(devices) + ": "
                    + reason(failure));
            return;
        }
        FirmwareManifest manifest = release.manifest().manifest();
        audit.succeeded(AuditAction.RELEASE, release.image().name(), "version " + manifest.version() + " for models "
                + manifest.models() + ", security version " + manifest.securityVersion()
                + (options.allowDowngrade() ? ", downgrade allowed" : "") + ", for " + devices(devices));
    }

    void started(RolloutPlan plan, List<RolloutJob> jobs, Throwable failure) {
        List<DeviceId> cleared = plan.cleared().stream().map(PreflightVerdict::device).toList();
        String what = "version " + plan.version() + " (" + plan.image().name() + ") on " + devices(cleared);
        if (failure != null) {
            audit.failed(AuditAction.ROLLOUT_START, devices(cleared), what + ": " + reason(failure));
            return;
        }
        String refused = plan.refused().isEmpty() ? ""
                : "; refused by pre-flight: " + devices(plan.refused().stream().map(PreflightVerdict::device)
                .toList());
        String jobIds = "; jobs " + String.join(",", jobs.stream().map(RolloutJob::id).toList());
        if (jobs.size() < cleared.size()) {
            List<DeviceId> notStarted = cleared.stream()
                    .filter(device -> jobs.stream().noneMatch(job -> job.device().equals(device))).toList();
            audit.failed(AuditAction.ROLLOUT_START, devices(cleared), what + jobIds + "; not started on "
                    + devices(notStarted) + refused);
        } else {
            audit.succeeded(AuditAction.ROLLOUT_START, devices(cleared), what + jobIds + refused);
        }
    }

    private static String devices(List<DeviceId> devices) {
        return String.join(",", devices.stream().map(DeviceId::value).toList());
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
