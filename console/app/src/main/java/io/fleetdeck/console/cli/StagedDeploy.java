package io.fleetdeck.console.cli;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutException;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.staged.MemberState;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.rollout.staged.StagedMember;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutEvent;
import io.fleetdeck.console.rollout.staged.StagedRolloutRequest;
import io.fleetdeck.console.rollout.staged.StagedRolloutState;
import io.fleetdeck.console.rollout.staged.StagedRollouts;
import io.fleetdeck.model.DeviceId;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code deploy --stages/--max-parallel/--max-failures}: imports the image, starts a staged rollout on the devices,
 * prints each stage step and each job's phases, and ends when the rollout is done or paused, or at the timeout (then
 * it is aborted). A paused rollout is left paused in the data directory, with its reason, for the window to resume or
 * abort. Events and job changes are queued and printed on the calling thread, so lines never interleave.
 */
final class StagedDeploy {
    private static final long POLL_MS = 100;

    private final DeployRequest request;
    private final DeployStages stages;
    private final DeployPrinter printer;
    private final BlockingQueue<RolloutJob> changes;
    private final BlockingQueue<StagedRolloutEvent> events = new LinkedBlockingQueue<>();
    /** Devices whose job lines are printed: the targets, and those that joined them. */
    private final Set<DeviceId> printed = new HashSet<>();
    private RolloutTargets targets = RolloutTargets.of(List.of());

    StagedDeploy(DeployRequest request, DeployStages stages, DeployPrinter printer, BlockingQueue<RolloutJob> changes) {
        this.request = request;
        this.stages = stages;
        this.printer = printer;
        this.changes = changes;
    }

    /**
     * Runs the rollout on {@code targets}, adding each device that did not commit to {@code failed} with its reason.
     *
     * @return an exit code when it could not even start
     */
    Optional<Integer> run(Rollouts rollouts, StagedRollouts staged, RolloutTargets targets,
                                    Map<DeviceId, String> failed) {
        this.targets = targets;
        long deadline = System.nanoTime() + request.timeout().toNanos();
        StagedRollout started;
        try {
            FirmwareImage image = rollouts.importImage(request.image()).get(request.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            staged.addEventListener(events::add);
            started = staged.start(new StagedRolloutRequest(image.id(), new ReleaseOptions(request.version(),
                            request.securityVersion(), request.allowDowngrade()), targets,
                    stages.stages(), stages.maxParallel(), stages.threshold())).get(request.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            printer.error(cause instanceof RolloutException ? cause.getMessage() : cause.toString());
            return Optional.of(DeployRun.CANNOT_RUN);
        } catch (TimeoutException e) {
            printer.error("the import took longer than " + request.timeout());
            return Optional.of(DeployRun.SOME_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(DeployRun.SOME_FAILED);
        }
        StagedRollout last = follow(staged, started.id(), deadline);
        for (StagedMember member : last.members()) {
            if (member.state() == MemberState.COMMITTED) {
                continue;
            }
            String reason = switch (member.state()) {
                case PENDING -> "not started: rollout " + last.state().name().toLowerCase(Locale.ROOT)
                        + (last.pauseReason().isEmpty() ? "" : " (" + last.pauseReason() + ")");
                case LAUNCHING, INSTALLING -> "still " + member.state() + " when the deploy ended";
                default -> member.state() + (member.reason().isEmpty() ? "" : ": " + member.reason());
            };
            failed.put(member.device(), reason);
        }
        return Optional.empty();
    }

    /** Prints until the rollout is done, aborted or paused with nothing running; aborts it at the deadline. */
    private StagedRollout follow(StagedRollouts staged, String id, long deadline) {
        while (true) {
            drain();
            StagedRollout now = current(staged, id);
            boolean settled = now.state().isFinal() || now.state() == StagedRolloutState.PAUSED;
            if (settled && now.active() == 0 && changes.isEmpty() && events.isEmpty()) {
                return now;
            }
            if (System.nanoTime() > deadline && !now.state().isFinal()) {
                try {
                    staged.abort(id).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    printer.error("cannot abort " + id + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                drain();
                return current(staged, id);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current(staged, id);
            }
        }
    }

    private void drain() {
        StagedRolloutEvent event;
        while ((event = events.poll()) != null) {
            printer.staged(event);
        }
        RolloutJob change;
        while ((change = changes.poll()) != null) {
            if (printed.contains(change.device()) || targets.current().contains(change.device())) {
                printed.add(change.device());
                printer.jobChanged(change);
            }
        }
    }

    private static StagedRollout current(StagedRollouts staged, String id) {
        return staged.rollouts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
