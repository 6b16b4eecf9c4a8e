package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.model.DeviceId;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Firmware rollouts as the window and the {@code deploy} command drive them: import and pre-flight an image for some
 * devices, start the install on those that passed, follow each job to its end. Plain Java; every call returns at once
 * and does its work on the service's own threads, so the FX thread can call it.
 */
public interface Rollouts extends AutoCloseable {
    /**
     * Imports {@code image} into the library (or finds it there), signs a release for the devices' models and runs
     * every pre-flight check for each device, on the console and on the device itself (cmd/preflight). Nothing is
     * downloaded and nothing is installed.
     *
     * @param version the version the release promises; empty to use the library's (guessed from the file name)
     * @return completes with the plan, or exceptionally with a {@link RolloutException} (import refused, no version)
     */
    default CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, Optional<String> version) {
        return plan(image, devices, ReleaseOptions.of(version));
    }

    /** As {@link #plan(Path, List, Optional)} for an image already in the library. */
    default CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, Optional<String> version) {
        return plan(imageId, devices, ReleaseOptions.of(version));
    }

    /**
     * As {@link #plan(Path, List, Optional)} with the operator's release options: the security version the release
     * is signed at, and whether devices may go below theirs (the plan carries that to {@link #start}).
     */
    CompletableFuture<RolloutPlan> plan(Path image, List<DeviceId> devices, ReleaseOptions options);

    /** As {@link #plan(Path, List, ReleaseOptions)} for an image already in the library. */
    CompletableFuture<RolloutPlan> plan(long imageId, List<DeviceId> devices, ReleaseOptions options);

    /**
     * Starts a job on every device the plan cleared (sends cmd/install); refused devices are left alone. Each job is
     * recorded in SQLite before the command goes out, so it is still tracked after a console restart.
     *
     * @return the jobs started, once each device answered (accepted, or refused with its reason)
     */
    CompletableFuture<List<RolloutJob>> start(RolloutPlan plan);

    /** All known jobs, newest first; cheap, from memory. */
    List<RolloutJob> jobs();

    /** The newest job of {@code device}, if any. */
    Optional<RolloutJob> latestJob(DeviceId device);

    /** Grows whenever any job changes; lets the UI skip a pulse when nothing moved. */
    long revision();

    /** Images in the library, newest import first. */
    List<FirmwareImage> images();

    /** Imports an image into the library without installing it (file chooser, drop on the library pane). */
    CompletableFuture<FirmwareImage> importImage(Path image);

    /** Corrects the version the library guessed for an image; releases signed later promise it. */
    CompletableFuture<FirmwareImage> setVersion(long imageId, String version);

    /**
     * Gives up on an unfinished job: stops serving its image (the device's download fails and it keeps its running
     * firmware) and marks the job CANCELLED. A job already rebooting cannot be stopped from here and is left to end.
     */
    void cancel(String jobId);

    @Override
    void close();
}
