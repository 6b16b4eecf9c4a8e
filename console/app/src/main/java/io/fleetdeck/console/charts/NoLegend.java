package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.legend.Legend;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import javafx.scene.Node;
import javafx.scene.layout.Region;

import java.util.List;

/**
 * A legend that is not there: each chart shows one sensor, named in its axis. ChartFX's own legend, even hidden,
 * rebuilt and redrew its symbol canvas on every chart update, for nobody to see.
 */
final class NoLegend implements Legend {
    private final Region node = new Region();
    private Side side = Side.BOTTOM;

    NoLegend() {
        node.setManaged(false);
        node.setVisible(false);
    }

    @Override
    public Node getNode() {
        return node;
    }

    @Override
    public Side getSide() {
        return side;
    }

    @Override
    public void setSide(Side side) {
        this.side = side;
    }

    @Override
    public boolean isVertical() {
        return false;
    }

    @Override
    public void setVertical(boolean value) {
        // Nothing is laid out either way.
    }

    @Override
    public void updateLegend(List<Renderer> renderers, boolean forceUpdate) {
        // Nothing to list.
    }

    @Override
    public void drawLegend() {
        // Nothing to draw.
    }
}
