package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.model.SignedManifest;

import java.util.List;
import java.util.Objects;

/**
 * An image, its signed release and what pre-flight said about each device. Immutable; hand it back to
 * {@link Rollouts#start(RolloutPlan)} to install on the cleared devices.
 *
 * @param allowDowngrade the operator allowed devices to go below their committed security version: the installs
 *                       carry {@code allowDowngrade=true}, as the pre-flights did
 */
public record RolloutPlan(FirmwareImage image, SignedManifest release, List<PreflightVerdict> verdicts,
                          boolean allowDowngrade) {
    public RolloutPlan {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(release, "release");
        verdicts = List.copyOf(verdicts);
    }

    public RolloutPlan(FirmwareImage image, SignedManifest release, List<PreflightVerdict> verdicts) {
        this(image, release, verdicts, false);
    }

    public List<PreflightVerdict> cleared() {
        return verdicts.stream().filter(PreflightVerdict::cleared).toList();
    }

    public List<PreflightVerdict> refused() {
        return verdicts.stream().filter(verdict -> !verdict.cleared()).toList();
    }

    public String version() {
        return release.manifest().version();
    }
}
