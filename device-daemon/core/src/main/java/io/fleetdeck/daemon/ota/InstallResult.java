package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

/**
 * A slot that now holds exactly the manifest's image, read back and checked; the caller marks it for trial.
 *
 * @param resumes how often the download continued after a broken connection
 */
public record InstallResult(Slot slot, String version, long rawSize, String rawSha256, int resumes) {
}
