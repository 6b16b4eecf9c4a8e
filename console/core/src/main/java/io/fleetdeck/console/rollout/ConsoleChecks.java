package io.fleetdeck.console.rollout;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.SignedManifest;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The pre-flight checks the console makes from what it already knows, before asking the device: a device refused
 * here is never sent cmd/preflight. Reads memory only (registry, job board), from any thread.
 */
final class ConsoleChecks {
    private final FleetRegistry registry;
    private final JobBoard board;
    private final Clock clock;
    private final RolloutSettings settings;

    ConsoleChecks(FleetRegistry registry, JobBoard board, Clock clock, RolloutSettings settings) {
        this.registry = registry;
        this.board = board;
        this.clock = clock;
        this.settings = settings;
    }

    /** The first reason {@code device} cannot take {@code release}, in the order an operator would fix them. */
    Optional<PreflightVerdict> refusal(SignedManifest release, DeviceId device) {
        Optional<DeviceSnapshot> known = registry.device(device).filter(snapshot -> !snapshot.removed());
        if (known.isEmpty()) {
            return refuse(device, InstallFailure.NO_ANSWER, "unknown device: the console has never heard of it");
        }
        DeviceSnapshot snapshot = known.get();
        if (snapshot.presence() != PresenceState.ONLINE) {
            return refuse(device, InstallFailure.NO_ANSWER, "offline" + (snapshot.lastSeenMs() > 0
                    ? " (last seen " + Duration.ofMillis(Math.max(0, clock.millis() - snapshot.lastSeenMs()))
                    .toSeconds() + " s ago)" : ""));
        }
        if (settings.requireAdoption() && !snapshot.adopted()) {
            return refuse(device, InstallFailure.UNKNOWN_KEY,
                    "not adopted: press Adopt so it trusts this console's key");
        }
        if (snapshot.info().isEmpty()) {
            return refuse(device, InstallFailure.NO_ANSWER, "it has not announced its model and version (info)");
        }
        DeviceInfo info = snapshot.info().get();
        if (!release.manifest().fits(info.model())) {
            return refuse(device, InstallFailure.WRONG_MODEL, "image is for " + release.manifest().models()
                    + ", this board is '" + info.model() + "'");
        }
        if (info.firmwareVersion().equals(release.manifest().version())) {
            return refuse(device, InstallFailure.SAME_VERSION, "already runs " + info.firmwareVersion());
        }
        Optional<RolloutJob> running = board.latest(device).filter(job -> !job.state().isFinal());
        if (running.isPresent()) {
            return refuse(device, InstallFailure.BUSY, "job " + running.get().id() + " is "
                    + running.get().state() + " (" + running.get().version() + ")");
        }
        Optional<InstallProgress> reported = snapshot.install().filter(progress -> !progress.state().isFinal());
        if (reported.isPresent()) {
            return refuse(device, InstallFailure.BUSY, "it reports job " + reported.get().job() + " "
                    + reported.get().state() + " (" + reported.get().version() + ")");
        }
        return Optional.empty();
    }

    private static Optional<PreflightVerdict> refuse(DeviceId device, InstallFailure failure, String message) {
        return Optional.of(PreflightVerdict.refused(device, failure, message));
    }
}
