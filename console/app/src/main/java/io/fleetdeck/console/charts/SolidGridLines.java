package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.TickMark;
import io.fair_acc.chartfx.renderer.spi.GridRenderer;
import io.fair_acc.chartfx.ui.css.LineStyle;
import javafx.scene.canvas.GraphicsContext;

/**
 * A chart's major grid lines, stroked as plain lines in the colours the style sheet gives ChartFX's own grid, which
 * this hides. ChartFX draws every grid line, dashed or not, with an image pattern cached in a {@code WeakHashMap}
 * keyed by a freshly boxed {@code Integer}: the key is unreachable at once, so any garbage collection empties the
 * cache and the next redraw renders the pattern again through {@code Node.snapshot}, which makes the FX thread wait
 * for the render thread. With live charts that was a stall every few seconds.
 */
final class SolidGridLines {
    private final XYChart chart;
    private final LineStyle horizontal;
    private final LineStyle vertical;

    /** Hides {@code chart}'s own grid; {@link #draw()} draws this one instead. */
    SolidGridLines(XYChart chart) {
        this.chart = chart;
        GridRenderer grid = chart.getGridRenderer();
        horizontal = grid.getHorizontalMajorGrid();
        vertical = grid.getVerticalMajorGrid();
        for (LineStyle each : new LineStyle[] {horizontal, vertical, grid.getHorizontalMinorGrid(),
                grid.getVerticalMinorGrid()}) {
            each.setVisible(false);
        }
    }

    /** Strokes the lines at the axes' major ticks onto the chart's canvas. */
    void draw() {
        GraphicsContext gc = chart.getCanvas().getGraphicsContext2D();
        double width = chart.getCanvas().getWidth();
        double height = chart.getCanvas().getHeight();
        gc.save();
        gc.setLineDashes((double[]) null);
        stroke(gc, vertical);
        Axis x = chart.getXAxis();
        for (TickMark tick : x.getTickMarks()) {
            double at = snap(x.getDisplayPosition(tick.getValue()));
            if (at > 0 && at <= width) {
                gc.strokeLine(at, 0.5, at, snap(height));
            }
        }
        stroke(gc, horizontal);
        Axis y = chart.getYAxis();
        for (TickMark tick : y.getTickMarks()) {
            double at = snap(y.getDisplayPosition(tick.getValue()));
            if (at >= 0 && at < height) {
                gc.strokeLine(0.5, at, snap(width), at);
            }
        }
        gc.restore();
    }

    private static void stroke(GraphicsContext gc, LineStyle style) {
        gc.setStroke(style.getStroke());
        gc.setLineWidth(Math.max(1, style.getStrokeWidth()));
    }

    /** To the middle of a pixel, so a one-pixel line covers one pixel column or row. */
    private static double snap(double value) {
        return (int) value + 0.5;
    }
}
