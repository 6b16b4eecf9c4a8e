package io.fleetdeck.console.rollout;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether one device may take a release, decided before any byte moves.
 *
 * @param device  the device
 * @param failure why not, empty when cleared
 * @param message for people: what was checked, or the precise reason ("image is for [pi4], this board is 'pi3'")
 */
public record PreflightVerdict(DeviceId device, Optional<InstallFailure> failure, String message) {
    public PreflightVerdict {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(message, "message");
    }

    public static PreflightVerdict cleared(DeviceId device, String message) {
        return new PreflightVerdict(device, Optional.empty(), message);
    }

    public static PreflightVerdict refused(DeviceId device, InstallFailure failure, String message) {
        return new PreflightVerdict(device, Optional.of(failure), message);
    }

    public boolean cleared() {
        return failure.isEmpty();
    }
}
