package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.Rollouts;

import java.time.ZoneId;
import java.util.concurrent.Executor;

/**
 * The window's rollout view models, made together because they share the status line and the library reload.
 *
 * @param preflight the pre-flight panel
 * @param jobs      the jobs table
 * @param library   the firmware library pane
 * @param status    the status bar's rollout line
 */
public record RolloutViewModels(PreflightViewModel preflight, JobsViewModel jobs, FirmwareLibraryViewModel library,
                                RolloutStatus status) {
    /**
     * @param background where blocking reads (the library's database) run
     * @param ui         runs completions on the FX thread
     * @param marks      where pre-flight writes on the tiles
     */
    public static RolloutViewModels create(Rollouts rollouts, Executor background, Executor ui, PreflightMarks marks,
                                           ZoneId zone) {
        RolloutStatus status = new RolloutStatus();
        FirmwareLibraryViewModel library = new FirmwareLibraryViewModel(rollouts, background, ui, status, zone);
        PreflightViewModel preflight = new PreflightViewModel(rollouts, ui, marks, status, library::reload);
        return new RolloutViewModels(preflight, new JobsViewModel(rollouts, zone), library, status);
    }
}
