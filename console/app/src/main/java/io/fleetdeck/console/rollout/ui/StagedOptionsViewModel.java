package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.Failures;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.staged.FailureThreshold;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.rollout.staged.StagePlan;
import io.fleetdeck.console.rollout.staged.StagedRolloutRequest;
import io.fleetdeck.console.rollout.staged.StagedRollouts;
import io.fleetdeck.model.DeviceId;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The pre-flight panel's staged-rollout option: offered once a drop on several devices cleared at least two, with the
 * stage sizes, how many installs at once and how many failures pause it. Starting it hands the plan over from the
 * pre-flight panel, which closes; the rollouts panel follows it from then on.
 */
public final class StagedOptionsViewModel {
    private final StagedRollouts staged;
    private final PreflightViewModel preflight;
    private final Executor ui;
    /** What a staged rollout started here targets: the cleared devices today, a saved group's members later. */
    private final Function<List<DeviceId>, RolloutTargets> targets;
    private final StringProperty stages = new SimpleStringProperty("1,10%,rest");
    private final StringProperty maxParallel = new SimpleStringProperty("2");
    private final StringProperty maxFailures = new SimpleStringProperty("0");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper offered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper starting = new ReadOnlyBooleanWrapper(false);

    public StagedOptionsViewModel(StagedRollouts staged, PreflightViewModel preflight, Executor ui,
                                  Function<List<DeviceId>, RolloutTargets> targets) {
        this.staged = staged;
        this.preflight = preflight;
        this.ui = ui;
        this.targets = targets;
        preflight.stageProperty().addListener((obs, old, now) -> {
            offered.set(now == PreflightViewModel.Stage.VERDICT && cleared().size() >= 2);
            error.set("");
        });
    }

    /** Starts a staged rollout of the pre-flighted release on the cleared devices. FX thread. */
    public void start() {
        Optional<RolloutPlan> plan = preflight.plan();
        if (!offered.get() || starting.get() || plan.isEmpty()) {
            return;
        }
        StagedRolloutRequest request;
        try {
            RolloutPlan release = plan.get();
            request = new StagedRolloutRequest(release.image().id(), new ReleaseOptions(Optional.of(release.version()),
                    release.release().manifest().securityVersion(), release.allowDowngrade()),
                    targets.apply(cleared()), StagePlan.parse(stages.get()), parallel(),
                    FailureThreshold.parse(maxFailures.get()));
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        starting.set(true);
        error.set("");
        staged.start(request).whenCompleteAsync((rollout, failure) -> {
            starting.set(false);
            if (failure != null) {
                error.set("Could not start: " + Failures.message(failure));
                return;
            }
            preflight.handedOver("Staged rollout of " + rollout.imageName() + " on " + rollout.members().size()
                    + " devices started (stages " + rollout.stages().text() + ")");
        }, ui);
    }

    private int parallel() {
        try {
            int value = Integer.parseInt(maxParallel.get().strip());
            if (value < 1) {
                throw new IllegalArgumentException("At most … at once: 1 or more, not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("At most … at once: a number, not '" + maxParallel.get() + "'", e);
        }
    }

    private List<DeviceId> cleared() {
        return preflight.plan().map(plan -> plan.cleared().stream().map(PreflightVerdict::device).toList())
                .orElse(List.of());
    }

    public StringProperty stagesProperty() {
        return stages;
    }

    public StringProperty maxParallelProperty() {
        return maxParallel;
    }

    public StringProperty maxFailuresProperty() {
        return maxFailures;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether the option shows: a verdict with two or more cleared devices. */
    public ReadOnlyBooleanProperty offeredProperty() {
        return offered.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty startingProperty() {
        return starting.getReadOnlyProperty();
    }
}
