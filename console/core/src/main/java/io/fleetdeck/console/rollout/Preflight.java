package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.SignedManifest;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides for each device whether it may take a release: the {@link ConsoleChecks} first, then cmd/preflight to the
 * devices they cleared. Nothing is downloaded and nothing is installed.
 */
final class Preflight {
    private final ConsoleChecks checks;
    private final DeviceCommands commands;
    private final InstallCommandFactory installs;
    private final PayloadCodec codec;

    Preflight(ConsoleChecks checks, DeviceCommands commands, InstallCommandFactory installs, PayloadCodec codec) {
        this.checks = checks;
        this.commands = commands;
        this.installs = installs;
        this.codec = codec;
    }

    /** Completes with one verdict per device, in the order given, once every device answered or timed out. */
    CompletableFuture<List<PreflightVerdict>> check(FirmwareImage image, SignedManifest release,
                                                    List<DeviceId> devices) {
        return check(image, release, devices, false);
    }

    /** @param allowDowngrade ask with {@code allowDowngrade=true}, as the install will */
    CompletableFuture<List<PreflightVerdict>> check(FirmwareImage image, SignedManifest release,
                                                    List<DeviceId> devices, boolean allowDowngrade) {
        List<CompletableFuture<PreflightVerdict>> each = devices.stream()
                .map(device -> checkOne(image, release, device, allowDowngrade)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PreflightVerdict> checkOne(FirmwareImage image, SignedManifest release,
                                                         DeviceId device, boolean allowDowngrade) {
        Optional<PreflightVerdict> refused = checks.refusal(release, device);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        // Same arguments as the install, under a throwaway job and a token that grants nothing: the device checks
        // signature, model, size and space without fetching a byte.
        String job = JobIds.next("preflight");
        InstallCommand check = installs.create(job, ImageServer.newToken(), image, release, device);
        if (allowDowngrade) {
            check = check.allowingDowngrade();
        }
        return commands.send(device, Commands.PREFLIGHT, check.toRequest(codec))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        return PreflightVerdict.refused(device, InstallFailure.NO_ANSWER,
                                DeviceAnswers.describe(failure));
                    }
                    if (answer.ok()) {
                        return PreflightVerdict.cleared(device, answer.message().isBlank()
                                ? "ready for " + release.manifest().version() : answer.message());
                    }
                    InstallFailure code = DeviceAnswers.refusalCode(answer);
                    return PreflightVerdict.refused(device, code, answer.message().isBlank() ? code.name()
                            : answer.message());
                });
    }
}
