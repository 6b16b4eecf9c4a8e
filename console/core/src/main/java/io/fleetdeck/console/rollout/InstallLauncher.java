package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Starts installs: records each job and grants its download before cmd/install goes out, so a console restart still
 * knows it, then takes the device's answer. A refusal fails the job with the device's reason; a missing answer does
 * not (see {@link SilenceWatchdog#ANSWER_GRACE}). Both steps run on the tracker thread.
 */
final class InstallLauncher {
    private static final Logger log = LoggerFactory.getLogger(InstallLauncher.class);

    private final TrackedJobs jobs;
    private final JobBoard board;
    private final SqliteJobStore store;
    private final ImageServer images;
    private final DeviceCommands commands;
    private final InstallCommandFactory installs;
    private final PayloadCodec codec;
    private final Clock clock;
    private final Executor tracker;

    InstallLauncher(TrackedJobs jobs, JobBoard board, SqliteJobStore store, ImageServer images,
                    DeviceCommands commands, InstallCommandFactory installs, PayloadCodec codec, Clock clock,
                    Executor tracker) {
        this.jobs = jobs;
        this.board = board;
        this.store = store;
        this.images = images;
        this.commands = commands;
        this.installs = installs;
        this.codec = codec;
        this.clock = clock;
        this.tracker = tracker;
    }

    /** Completes with the jobs started on the plan's cleared devices, once each device answered or timed out. */
    CompletableFuture<List<RolloutJob>> start(RolloutPlan plan) {
        List<CompletableFuture<Optional<RolloutJob>>> each = new ArrayList<>();
        for (PreflightVerdict verdict : plan.cleared()) {
            each.add(startOne(plan, verdict.device()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    }

    private CompletableFuture<Optional<RolloutJob>> startOne(RolloutPlan plan, DeviceId device) {
        return CompletableFuture.supplyAsync(() -> create(plan, device), tracker).thenCompose(created -> {
            if (created.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<RolloutJob>empty());
            }
            TrackedJob job = created.get();
            InstallCommand install = installs.create(job.job().id(), job.token(), plan.image(), plan.release(),
                    device);
            if (plan.allowDowngrade()) {
                install = install.allowingDowngrade();
            }
            return commands.send(device, Commands.INSTALL, install.toRequest(codec))
                    .handleAsync((answer, failure) -> Optional.of(answered(job, plan, answer, failure)), tracker);
        }).exceptionally(failure -> {
            log.error("Could not start an install on {}: {}", device, DeviceAnswers.describe(failure));
            return Optional.empty();
        });
    }

    /** On the tracker: records the job before anything goes out, then grants its download. */
    private Optional<TrackedJob> create(RolloutPlan plan, DeviceId device) {
        Optional<RolloutJob> running = board.latest(device).filter(j -> !j.state().isFinal());
        if (running.isPresent()) {
            log.warn("Not starting {} on {}: job {} is still {}", plan.version(), device, running.get().id(),
                    running.get().state());
            return Optional.empty();
        }
        long now = clock.millis();
        String id = JobIds.next("job");
        String token = ImageServer.newToken();
        FirmwareImage image = plan.image();
        RolloutJob job = new RolloutJob(id, device, image.id(), image.name(), plan.version(), InstallState.QUEUED, 0,
                image.compressedSize(), 0, OptionalLong.empty(), "", now, now);
        store.save(job, token);
        images.grant(id, token, image);
        TrackedJob entry = new TrackedJob(job, token, now);
        jobs.open(entry);
        log.info("Job {}: installing {} ({}) on {}", id, plan.version(), image.name(), device);
        return Optional.of(entry);
    }

    /** On the tracker: the device's answer to cmd/install. */
    private RolloutJob answered(TrackedJob job, RolloutPlan plan, CommandResponse answer, Throwable failure) {
        if (failure != null) {
            if (job.job().state() == InstallState.QUEUED) {
                // A busy device may have accepted and simply answered late: revoking the download now would fail
                // an install it already started. The watchdog gives up after ANSWER_GRACE without any report.
                String why = DeviceAnswers.describe(failure);
                job.awaitLateAnswer(why, clock.millis());
                log.warn("Job {}: {}; keeping its download open for {} s in case the answer is only late",
                        job.job().id(), why, SilenceWatchdog.ANSWER_GRACE.toSeconds());
            }
            return job.job();
        }
        if (answer.ok()) {
            job.accepted(clock.millis());
            log.info("Job {}: {} accepted the install", job.job().id(), job.job().device());
            if (plan.allowDowngrade()) {
                DowngradeAudit.accepted(job.job(), plan.release().manifest().securityVersion(), answer, store,
                        clock.millis());
            }
            return job.job();
        }
        InstallFailure code = DeviceAnswers.refusalCode(answer);
        if (!job.job().state().isFinal()) {
            jobs.fail(job, code.describe(answer.message()));
        }
        return job.job();
    }
}
