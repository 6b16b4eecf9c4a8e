package io.fleetdeck.console.fleet.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A tiny line of recent values, scaled to its own min and max; redrawn only when handed other values. Its tile hands
 * them over when it is painted ({@link TileRepaints}), so only tiles on screen draw.
 */
final class Sparkline extends Canvas {
    private static final Color LINE = Color.web("#2f6fb3");
    private static final Color FILL = Color.web("#2f6fb3", 0.12);

    private double[] drawn;

    Sparkline(double width, double height) {
        super(width, height);
        getStyleClass().add("sparkline");
    }

    /** Draws {@code values} (null: clears the line), unless they are the values drawn last. */
    void show(double[] values) {
        if (values != drawn) {
            drawn = values;
            draw(values);
        }
    }

    private void draw(double[] values) {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.clearRect(0, 0, w, h);
        if (values == null || values.length < 2) {
            return;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double span = max - min < 1e-9 ? 1 : max - min;
        double step = w / (values.length - 1);
        double[] xs = new double[values.length + 2];
        double[] ys = new double[values.length + 2];
        for (int i = 0; i < values.length; i++) {
            xs[i] = i * step;
            ys[i] = h - 2 - (values[i] - min) / span * (h - 4);
        }
        xs[values.length] = w;
        ys[values.length] = h;
        xs[values.length + 1] = 0;
        ys[values.length + 1] = h;
        g.setFill(FILL);
        g.fillPolygon(xs, ys, values.length + 2);
        g.setStroke(LINE);
        g.setLineWidth(1.5);
        g.strokePolyline(xs, ys, values.length);
    }
}
