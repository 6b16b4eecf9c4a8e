package io.fleetdeck.console.fleet;

import io.fleetdeck.model.DeviceId;

import java.util.List;
import java.util.Optional;

/**
 * The console's live picture of the fleet. Written by the ingest thread, read by the UI once per pulse: the UI asks
 * for {@link #revision()} and, when it moved, for the devices {@link #changedSince(long)} its last look.
 */
public interface DeviceDirectory {

    /** A counter that grows with every change to any device. */
    long revision();

    /** Every known device, ordered by id. */
    List<DeviceSnapshot> devices();

    /** Devices changed after {@code revision}, ordered by id. */
    List<DeviceSnapshot> changedSince(long revision);

    Optional<DeviceSnapshot> device(DeviceId id);

    /** Totals over the fleet for the status bar. */
    FleetTotals totals();
}
