package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;

/** A device as the history remembers it: its last description and when it was last heard from. */
public record StoredDevice(DeviceId id, DeviceInfo info, long lastSeenMs) {
}
