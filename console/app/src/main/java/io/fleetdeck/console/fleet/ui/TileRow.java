package io.fleetdeck.console.fleet.ui;

import java.util.List;

/**
 * One row of the tile grid: the devices shown side by side. Equal rows hold the same tiles, so the grid leaves a row
 * alone when a re-chunk gives it the same devices.
 */
record TileRow(List<DeviceTileViewModel> tiles) {
    TileRow {
        tiles = List.copyOf(tiles);
    }
}
