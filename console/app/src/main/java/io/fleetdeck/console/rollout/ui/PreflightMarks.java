package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.model.DeviceId;

import java.util.Collection;
import java.util.Map;

/** Where pre-flight puts its word on the tiles; the fleet view model keeps it, so this package never sees tiles. */
public interface PreflightMarks {
    /** Replaces the marks of these devices. */
    void mark(Map<DeviceId, TileMark> marks);

    /** Removes the marks of these devices. */
    void unmark(Collection<DeviceId> devices);

    /** Removes every mark: a new drop starts a new story. */
    void unmarkAll();
}
