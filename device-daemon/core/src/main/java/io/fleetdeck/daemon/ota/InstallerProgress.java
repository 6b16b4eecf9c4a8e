package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.InstallState;

/**
 * One progress report of the installer (the wire report is {@link io.fleetdeck.model.InstallProgress}). While {@link InstallState#DOWNLOADING} the image is also being written (streaming), so both
 * counts move together; while {@link InstallState#VERIFYING} {@code rawBytes} counts what was read back.
 *
 * @param compressedBytes bytes received of the file as served
 * @param rawBytes        raw image bytes written (or read back)
 * @param rawSize         raw image bytes in total, from the manifest
 */
public record InstallerProgress(InstallState state, long compressedBytes, long rawBytes, long rawSize) {
}
