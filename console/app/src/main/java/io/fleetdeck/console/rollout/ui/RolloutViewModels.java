package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.rollout.staged.StagedRollouts;

import java.time.ZoneId;
import java.util.concurrent.Executor;

/**
 * The window's rollout view models, made together because they share the status line and the library reload.
 *
 * @param preflight the pre-flight panel
 * @param jobs      the jobs table
 * @param library   the firmware library pane
 * @param status    the status bar's rollout line
 * @param staged    the pre-flight panel's staged-rollout option
 * @param stagedRollouts the staged rollouts panel
 */
public record RolloutViewModels(PreflightViewModel preflight, JobsViewModel jobs, FirmwareLibraryViewModel library,
                                RolloutStatus status, StagedOptionsViewModel staged,
                                StagedRolloutsViewModel stagedRollouts) {
    /**
     * @param background where blocking reads (the library's database) run
     * @param ui         runs completions on the FX thread
     * @param marks      where pre-flight writes on the tiles
     */
    public static RolloutViewModels create(Rollouts rollouts, StagedRollouts staged, Executor background, Executor ui,
                                           PreflightMarks marks, ZoneId zone) {
        RolloutStatus status = new RolloutStatus();
        FirmwareLibraryViewModel library = new FirmwareLibraryViewModel(rollouts, background, ui, status, zone);
        PreflightViewModel preflight = new PreflightViewModel(rollouts, ui, marks, status, library::reload);
        // A fixed list of the cleared devices for now; a saved group's filter plugs in here.
        StagedOptionsViewModel options = new StagedOptionsViewModel(staged, preflight, ui, RolloutTargets::of);
        return new RolloutViewModels(preflight, new JobsViewModel(rollouts, zone), library, status, options,
                new StagedRolloutsViewModel(staged, ui, status));
    }
}
