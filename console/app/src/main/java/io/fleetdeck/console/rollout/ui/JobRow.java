package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line of the jobs table, every cell already a text. A record, so the table only redraws a row whose texts
 * changed.
 *
 * @param id          job id
 * @param device      device id
 * @param image       image file name
 * @param version     the version the release promises
 * @param phase       where the job stands, e.g. "Downloading"
 * @param transferred bytes fetched of the total, e.g. "41 MB / 100 MB · 41 %"
 * @param rate        download rate while downloading
 * @param eta         time to the end of the download, when known
 * @param result      "Updated", "Failed", "Rolled back", "Cancelled"; empty while running
 * @param reason      why it failed or rolled back
 * @param started     when the job was started, local time
 * @param cancellable whether cancelling can still stop it (not final, not rebooting yet)
 * @param problem     it ended badly
 */
public record JobRow(String id, String device, String image, String version, String phase, String transferred,
                     String rate, String eta, String result, String reason, String started, boolean cancellable,
                     boolean problem) {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    static JobRow of(RolloutJob job, ZoneId zone) {
        InstallState state = job.state();
        boolean downloading = state == InstallState.DOWNLOADING || state == InstallState.WRITING;
        String transferred = job.totalBytes() > 0
                ? Quantities.bytes(job.bytes()) + " / " + Quantities.bytes(job.totalBytes()) + " · "
                + Quantities.percent(job.bytes(), job.totalBytes())
                : job.bytes() > 0 ? Quantities.bytes(job.bytes()) : "";
        String eta = downloading && job.etaMs().isPresent() ? Quantities.duration(job.etaMs().getAsLong()) : "";
        return new JobRow(job.id(), job.device().value(), job.imageName(), job.version(), phase(state),
                transferred, downloading ? Quantities.rate(job.bytesPerSecond()) : "", eta, result(job),
                job.reason(), STARTED.format(Instant.ofEpochMilli(job.createdMs()).atZone(zone)),
                !state.isFinal() && state.ordinal() < InstallState.REBOOTING.ordinal(),
                state == InstallState.FAILED || state == InstallState.ROLLED_BACK);
    }

    /** "HEALTH_CHECK" → "Health check". */
    public static String phase(InstallState state) {
        String words = state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String result(RolloutJob job) {
        return switch (job.state()) {
            case COMMITTED -> "Updated";
            case ROLLED_BACK -> "Rolled back";
            case FAILED -> InstallFailure.of(job.reason()).filter(f -> f == InstallFailure.CANCELLED).isPresent()
                    ? "Cancelled" : "Failed";
            default -> "";
        };
    }
}
