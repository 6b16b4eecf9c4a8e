package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.ui.Quantities;
import io.fleetdeck.console.rollout.ui.TileMark;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;

import java.util.Locale;
import java.util.Optional;

/**
 * A tile's install line: the phase text and whether and how full its progress bar is. What pre-flight said wins
 * until the device's next job; then the job, read against the version the device itself reports; without a job of
 * this console, the device's own last install report.
 *
 * @param text     e.g. "Downloading 2.0.0 · 41 % · 3.2 MB/s"; empty when there is nothing to say
 * @param bar      whether the progress bar shows
 * @param progress 0..1, or -1 for an indeterminate bar
 * @param tone     how to colour it
 */
public record InstallLine(String text, boolean bar, double progress, InstallTone tone) {
    static final InstallLine NONE = new InstallLine("", false, 0, InstallTone.NONE);

    static InstallLine of(Optional<TileMark> mark, Optional<RolloutJob> job, DeviceSnapshot device) {
        if (mark.isPresent()) {
            return switch (mark.get().kind()) {
                case CHECKING -> new InstallLine(mark.get().text(), true, -1, InstallTone.CHECKING);
                case CLEARED -> new InstallLine("✓ " + mark.get().text(), false, 0, InstallTone.CLEARED);
                case REFUSED -> new InstallLine("✗ " + mark.get().text(), false, 0, InstallTone.PROBLEM);
            };
        }
        if (job.isPresent()) {
            return ofJob(job.get(), device.info().map(DeviceInfo::firmwareVersion));
        }
        return device.install().map(InstallLine::ofReport).orElse(NONE);
    }

    static InstallLine ofJob(RolloutJob job, Optional<String> running) {
        String version = job.version();
        return switch (job.state()) {
            case QUEUED -> active("Queued: " + version, -1);
            case DOWNLOADING -> active(transfer("Downloading " + version, job), job.fraction());
            case WRITING -> job.fraction() > 0 && job.fraction() < 1
                    ? active(transfer("Writing " + version, job), job.fraction()) : active("Writing " + version, -1);
            case VERIFYING -> active("Verifying " + version, -1);
            case REBOOTING -> active("Rebooting into " + version, -1);
            case HEALTH_CHECK -> active("Health check of " + version, -1);
            case COMMITTED -> running.filter(version::equals).isPresent()
                    ? new InstallLine("✓ Updated to " + version, false, 1, InstallTone.OK)
                    : new InstallLine("Committed " + version + " · waiting for the device to report it", false, 1,
                    InstallTone.ACTIVE);
            case FAILED -> InstallFailure.of(job.reason()).filter(f -> f == InstallFailure.CANCELLED).isPresent()
                    ? new InstallLine("Cancelled: " + version + " not installed", false, 0, InstallTone.CANCELLED)
                    : new InstallLine("✗ Failed: " + job.reason(), false, 0, InstallTone.PROBLEM);
            case ROLLED_BACK -> new InstallLine("✗ Rolled back: " + job.reason(), false, 0, InstallTone.PROBLEM);
        };
    }

    private static String transfer(String text, RolloutJob job) {
        StringBuilder line = new StringBuilder(text);
        if (job.totalBytes() > 0) {
            line.append(" · ").append(Quantities.percent(job.bytes(), job.totalBytes()));
        }
        String rate = Quantities.rate(job.bytesPerSecond());
        if (!rate.isEmpty()) {
            line.append(" · ").append(rate);
        }
        return line.toString();
    }

    private static InstallLine active(String text, double progress) {
        return new InstallLine(text, true, progress < 0 ? -1 : progress, InstallTone.ACTIVE);
    }

    /** An install this console did not start (another console, or before its jobs were kept), as the device said. */
    private static InstallLine ofReport(InstallProgress progress) {
        String phase = progress.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String text = "firmware " + progress.version() + ": " + phase;
        if (!progress.reason().isBlank()) {
            text += " (" + progress.reason() + ")";
        }
        InstallState state = progress.state();
        InstallTone tone = state == InstallState.COMMITTED ? InstallTone.OK
                : state.isFinal() ? InstallTone.PROBLEM : InstallTone.ACTIVE;
        double fraction = progress.totalBytes() > 0 ? (double) progress.bytes() / progress.totalBytes() : -1;
        return new InstallLine(text, !state.isFinal(), fraction, tone);
    }
}
