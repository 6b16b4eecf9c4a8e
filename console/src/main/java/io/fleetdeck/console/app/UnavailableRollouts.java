package io.fleetdeck.console.app;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.RolloutException;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.model.DeviceId;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the rollout service until it is part of {@link ConsoleRuntime}: every action fails with a message
 * that says so, and there are no jobs or images. Delete it once {@link FleetdeckWindow#rolloutsOf} returns
 * {@code runtime.rollouts()}.
 */
final class UnavailableRollouts implements Rollouts {
    private static final String WHY = "firmware rollouts are not available in this build of the console";

    @Override
    public CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, Optional<String> version) {
        return CompletableFuture.failedFuture(new RolloutException(image, WHY, null));
    }

    @Override
    public CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, Optional<String> version) {
        return CompletableFuture.failedFuture(new RolloutException(null, WHY, null));
    }

    @Override
    public CompletableFuture<List<RolloutJob>> start(RolloutPlan plan) {
        return CompletableFuture.failedFuture(new RolloutException(null, WHY, null));
    }

    @Override
    public List<RolloutJob> jobs() {
        return List.of();
    }

    @Override
    public Optional<RolloutJob> latestJob(DeviceId device) {
        return Optional.empty();
    }

    @Override
    public long revision() {
        return 0;
    }

    @Override
    public List<FirmwareImage> images() {
        return List.of();
    }

    @Override
    public CompletableFuture<FirmwareImage> importImage(Path image) {
        return CompletableFuture.failedFuture(new RolloutException(image, WHY, null));
    }

    @Override
    public CompletableFuture<FirmwareImage> setVersion(long imageId, String version) {
        return CompletableFuture.failedFuture(new RolloutException(null, WHY, null));
    }

    @Override
    public void cancel(String jobId) {
    }

    @Override
    public void close() {
    }
}
