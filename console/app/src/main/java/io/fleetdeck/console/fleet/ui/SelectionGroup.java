package io.fleetdeck.console.fleet.ui;

import java.util.List;

/**
 * A ready-made set of tiles the operator can select in one go, e.g. every online device or every Raspberry Pi 4.
 *
 * @param label   what the menu says, with the count
 * @param members the tiles, in the order shown
 */
public record SelectionGroup(String label, List<DeviceTileViewModel> members) {
    public SelectionGroup {
        members = List.copyOf(members);
    }
}
