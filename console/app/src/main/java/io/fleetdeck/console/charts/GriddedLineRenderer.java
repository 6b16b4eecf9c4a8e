package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;

import java.util.Objects;

/** ChartFX's line renderer, drawing {@link SolidGridLines} under the data (ChartFX's own grid is hidden). */
final class GriddedLineRenderer extends ErrorDataSetRenderer {
    private final SolidGridLines grid;

    GriddedLineRenderer(SolidGridLines grid) {
        this.grid = Objects.requireNonNull(grid, "grid");
    }

    @Override
    public void render() {
        grid.draw();
        super.render();
    }
}
