package io.fleetdeck.console.rollout.staged;

import io.fleetdeck.model.DeviceId;

import java.util.List;

/**
 * The devices a staged rollout is for, asked again at each stage start and periodically while the rollout runs, so a
 * device that joins the set (e.g. a saved group's filter now matches it) is taken into a later stage. Called on the
 * rollout thread: it must answer from memory and quickly.
 */
@FunctionalInterface
public interface RolloutTargets {
    /** The devices that belong to the target set now, in the order they should be taken. */
    List<DeviceId> current();

    /**
     * What the targets are, for the rollout's row and for people: {@code devices} for a fixed list. A group-backed
     * implementation names its group here so it can be found again after a restart.
     */
    default String describe() {
        return "devices";
    }

    /** A fixed list of devices. */
    static RolloutTargets of(List<DeviceId> devices) {
        List<DeviceId> copy = List.copyOf(devices);
        return () -> copy;
    }
}
