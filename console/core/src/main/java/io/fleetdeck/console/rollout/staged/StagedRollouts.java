package io.fleetdeck.console.rollout.staged;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Staged firmware rollouts: an image installed on a set of devices stage by stage (e.g. one canary, then 10 %, then
 * the rest), at most N installs at once, pausing when failures pass a threshold until the operator resumes or aborts.
 * Kept in {@code firmware.db}, so a restarted console goes on where it stood. Every call returns at once; the work
 * runs on the service's own thread, so the FX thread may call it.
 */
public interface StagedRollouts extends AutoCloseable {
    /**
     * Starts a staged rollout: asks the targets, puts the first stage's devices in it and starts their installs.
     *
     * @return completes with the rollout as it stands once recorded, or exceptionally with a
     *         {@link StagedRolloutException} (no such image, no targets)
     */
    CompletableFuture<StagedRollout> start(StagedRolloutRequest request);

    /** Every staged rollout this console knows, newest first; from memory. */
    List<StagedRollout> rollouts();

    /** Grows whenever any staged rollout changes; lets the UI skip a pulse when nothing moved. */
    long revision();

    /**
     * Goes on with a paused rollout; failures so far no longer count against its threshold.
     *
     * @return completes with the rollout, or exceptionally with a {@link StagedRolloutException} when it is unknown
     *         or not paused
     */
    CompletableFuture<StagedRollout> resume(String rolloutId);

    /**
     * Stops a rollout for good: devices not yet started are skipped and running downloads are cancelled (an install
     * already rebooting ends on its own and is still recorded).
     */
    CompletableFuture<StagedRollout> abort(String rolloutId);

    /**
     * Tells {@code listener} of each {@link StagedRolloutEvent}, in order, on the service's thread; it must return
     * quickly. The place an audit log plugs in.
     */
    void addEventListener(Consumer<StagedRolloutEvent> listener);

    @Override
    void close();
}
